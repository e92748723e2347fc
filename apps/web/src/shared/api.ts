// The one client of the windows: same origin as the page, the launch token as a Bearer header.
import { createTurnkeyClient, type TurnkeyClient } from "@turnkey/client";
import { takeLaunchToken } from "./auth.ts";

export const launchToken: string | undefined =
  takeLaunchToken({ location: window.location, storage: window.sessionStorage, history: window.history }) ?? undefined;

export const api: TurnkeyClient = createTurnkeyClient({ baseUrl: window.location.origin, token: launchToken });

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : "Something went wrong. Try again.";
}

/** Saves the diagnostics bundle: fetched with the token, then handed to the browser as a file. */
export async function saveDiagnostics(): Promise<void> {
  const res = await fetch("/api/diagnostics?download=1", {
    headers: launchToken ? { authorization: `Bearer ${launchToken}` } : {},
  });
  if (!res.ok) throw new Error(`The diagnostics could not be saved (HTTP ${res.status}). Try again.`);
  const name = /filename="([^"]+)"/.exec(res.headers.get("content-disposition") ?? "")?.[1] ?? "diagnostics.json";
  const url = URL.createObjectURL(await res.blob());
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
