// Real git repositories in temp folders and a backend whose fake sidecar names one as every
// session's project folder: what the Files tab's git and pull request tests start from.
import { execFileSync } from "node:child_process";
import { mkdirSync, realpathSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "vitest";
import type { Backend, BackendOptions } from "../src/startBackend.ts";
import { bearer, tempDir, testBackend } from "./harness.ts";

export const sessionID = "ses_gitwork1";

export const git = (cwd: string, ...args: string[]) =>
  execFileSync("git", ["-c", "user.email=t@example.com", "-c", "user.name=T", ...args], { cwd, encoding: "utf8" });

/** A repository with one commit (notes.txt), its author set in its own config. */
export function repo(dir = join(realpathSync(tempDir()), "project")): string {
  mkdirSync(dir, { recursive: true });
  git(dir, "init", "-q", "-b", "main");
  git(dir, "config", "user.email", "t@example.com");
  git(dir, "config", "user.name", "T");
  writeFileSync(join(dir, "notes.txt"), "alpha\n");
  git(dir, "add", "-A");
  git(dir, "commit", "-qm", "init");
  return dir;
}

export async function backendIn(project: string, options: Pick<BackendOptions, "git"> = {}): Promise<Backend> {
  const backend = await testBackend("", { ...options, supervisor: { env: { FAKE_SESSION_DIR: project } } });
  const res = await fetch(`${backend.url}/api/sidecar/start`, {
    method: "POST",
    headers: { ...bearer(backend), "content-type": "application/json" },
    body: "{}",
  });
  expect(res.status).toBe(200);
  return backend;
}

/** A request to the session's `/git/<path>` routes: GET without a body, POST with one. */
export async function call(backend: Backend, path: string, body?: unknown) {
  const res = await fetch(`${backend.url}/api/sessions/${sessionID}/git/${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { ...bearer(backend), ...(body === undefined ? {} : { "content-type": "application/json" }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  // biome-ignore lint/suspicious/noExplicitAny: a test reads whichever answer came
  return { status: res.status, body: (await res.json()) as any };
}
