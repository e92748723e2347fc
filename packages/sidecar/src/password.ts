// A fresh secret per sidecar start. It lives in memory only: handed over in the child's env,
// never argv (visible to every user via the process table), never written anywhere.
import { randomBytes } from "node:crypto";

export const sidecarUsername = "opencode";

export function generateSidecarPassword(): string {
  return randomBytes(32).toString("base64url");
}

export function basicAuthHeader(password: string): string {
  return `Basic ${Buffer.from(`${sidecarUsername}:${password}`).toString("base64")}`;
}
