// What a scheduled run does in OpenCode, through the services the windows use: the same chat
// creation, prompt or `/` command, and relayed events, so a run's chat is like any other.
import { formatDuration, isComingUp, isLive, parseSlashCommand, type SidecarStatus } from "@turnkey/contracts";
import type { SidecarSupervisor } from "@turnkey/sidecar";
import type { AllowOnItsOwn } from "../chat/allowOnItsOwn.ts";
import { withCallSignal } from "../chat/callSignal.ts";
import type { ChatService } from "../chat/chatService.ts";
import type { ChatRelay } from "../chat/relay.ts";
import type { WorkbenchService } from "../chat/workbenchService.ts";
import type { RunTarget } from "./scheduleRunner.ts";

function notRunning(status: SidecarStatus): string {
  const cause = status.error ? ` (${status.error.message})` : "";
  return status.state === "failed"
    ? `OpenCode could not start${cause}. Open the status window to see why; the task runs again at its next time.`
    : `OpenCode was not running (${status.state}). Start it from the tray or the status window; the task runs again at its next time.`;
}

/** A start or restart may be under way (a restart passes through stopping): worth waiting for. */
const mayComeUp = (state: SidecarStatus["state"]) => isComingUp(state) || state === "stopping";

/** Null once OpenCode is live; a start or restart under way is waited for, up to the deadline. */
export function whenLive(supervisor: SidecarSupervisor, deadlineMs: number): Promise<string | null> {
  const status = supervisor.status();
  if (isLive(status.state)) return Promise.resolve(null);
  if (!mayComeUp(status.state)) return Promise.resolve(notRunning(status));
  return new Promise((resolve) => {
    const done = (answer: string | null) => {
      off();
      clearTimeout(timer);
      resolve(answer);
    };
    const off = supervisor.onStatus((next) => {
      if (isLive(next.state)) done(null);
      else if (!mayComeUp(next.state)) done(notRunning(next));
    });
    const timer = setTimeout(
      () => done(`OpenCode was still starting after ${formatDuration(deadlineMs)}. Open the status window to see why.`),
      deadlineMs,
    );
  });
}

export function scheduleTarget(services: {
  supervisor: SidecarSupervisor;
  chat: ChatService;
  workbench: WorkbenchService;
  relay: ChatRelay;
  allow: Pick<AllowOnItsOwn, "set">;
}): RunTarget {
  const { supervisor, chat, workbench, relay } = services;
  return {
    whenOpencodeRuns: (deadlineMs) => whenLive(supervisor, deadlineMs),
    // The signal reaches the calls to OpenCode as a route's deadline does (callSignal.ts).
    createSession: (folder, title, signal) =>
      withCallSignal(signal, async () => (await chat.createSession({ directory: folder, title })).session.id),
    send: (sessionID, prompt, { model, agent }, signal) =>
      withCallSignal(signal, async () => {
        const choice = { ...(model ? { model } : {}), ...(agent ? { agent } : {}) };
        const command = parseSlashCommand(prompt);
        if (command) {
          await workbench.runCommand(sessionID, { ...command, ...choice });
        } else await chat.send(sessionID, { text: prompt, ...choice }, false);
      }),
    // A new chat waits on nothing yet: no request to answer at once.
    allow: (sessionID, choice) => void services.allow.set(sessionID, choice, []),
    onSessionEvent: (sessionID, listener) =>
      relay.onEvent((event) => {
        if (event.sessionID === sessionID) listener(event);
      }),
  };
}
