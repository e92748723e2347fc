// One desktop notification when OpenCode fails (the supervisor gave up, or the backend host did),
// so a user who only sees the tray icon learns about it. Only on the change into failure, never
// again for the same failure.
import type { SidecarStatus } from "@turnkey/contracts";

export interface Notice {
  title: string;
  body: string;
}

export function failureNotice(previous: SidecarStatus | null, next: SidecarStatus | null): Notice | null {
  if (next?.state !== "failed" || previous?.state === "failed") return null;
  const reason = next.error?.message ?? "It stopped and could not be started again.";
  return { title: "OpenCode could not start", body: `${reason} Open the tray menu to Repair or Restart.` };
}

/** The backend itself kept crashing and the host gave up (backendHost.ts 'failed'). */
export function backendFailureNotice(reason: string): Notice {
  return { title: "OpenCode Turnkey stopped working", body: `${reason} Open the tray menu to Restart or View Logs.` };
}
