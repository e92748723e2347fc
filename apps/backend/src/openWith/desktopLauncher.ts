// How the backend worker starts an "Open in" app when the desktop app hosts it: it asks the main
// process, over the channel main bootstrapped it with, and main starts it. On Windows the worker
// is in the app's job object (apps/desktop/src/appJob.ts: kill on close, no breakaway), and "by
// default, any child processes it creates using CreateProcess are also associated with the job"
// (learn.microsoft.com/windows/win32/procthread/job-objects): an editor the worker started would be
// killed when the app quits. Main is in no job of ours, and it has Electron's shell for the file
// manager (shell.openPath, shell.showItemInFolder). Every request settles: main's answer, or an
// error past the deadline.
import { randomUUID } from "node:crypto";
import type { LaunchRequest } from "@turnkey/contracts";
import type { Launcher } from "./openWithService.ts";

/** Worker → main. */
export type LaunchMessage = { type: "launch"; id: string; request: LaunchRequest };
/** Main → worker: null when it started, else the sentence saying why not. */
export type LaunchedMessage = { type: "launched"; id: string; error: string | null };

export interface MainChannel {
  post(message: LaunchMessage): void;
  /** Calls `listener` with each message main sends; returns the way to stop listening. */
  listen(listener: (message: unknown) => void): () => void;
}

export function desktopLauncher(channel: MainChannel, deadlineMs = 20_000): Launcher {
  // One listener for every request waiting on main, each found again by its id.
  const waiting = new Map<string, (error: string | null) => void>();
  let stopListening: (() => void) | null = null;
  const onMessage = (message: unknown) => {
    const m = message as Partial<LaunchedMessage> | null;
    if (m?.type !== "launched" || typeof m.id !== "string") return;
    waiting.get(m.id)?.(typeof m.error === "string" ? m.error : null);
  };
  return (request) =>
    new Promise<void>((resolve, reject) => {
      const id = randomUUID();
      const settle = (error: string | null) => {
        clearTimeout(timer);
        waiting.delete(id);
        if (waiting.size === 0) {
          stopListening?.();
          stopListening = null;
        }
        if (error === null) resolve();
        else reject(new Error(error));
      };
      const timer = setTimeout(
        () => settle(`the app did not say within ${Math.round(deadlineMs / 1000)} s whether it started.`),
        deadlineMs,
      );
      waiting.set(id, settle);
      stopListening ??= channel.listen(onMessage);
      try {
        channel.post({ type: "launch", id, request });
      } catch (error) {
        settle(`the request could not reach the app (${(error as Error).message}).`);
      }
    });
}
