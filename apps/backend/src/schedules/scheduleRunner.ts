// One run of a scheduled task: wait (a while) for OpenCode, make a chat in the task's project, send
// the prompt or `/` command, and follow the chat's events to the reply's end. Every wait has a
// deadline, and every way out is an outcome with a sentence, so a run never stays "running".
import type { ChatEvent } from "@turnkey/contracts";
import { withDeadline } from "@turnkey/sidecar";

export interface RunTarget {
  /** Null once OpenCode runs (waiting out a start under way, up to `deadlineMs`); else why not. */
  whenOpencodeRuns(deadlineMs: number): Promise<string | null>;
  /** A new chat in the folder; its id. */
  createSession(folder: string, title: string): Promise<string>;
  /** Sends the prompt, or starts the `/` command it names; resolves once OpenCode took it. */
  send(sessionID: string, prompt: string, choice: { model: ModelChoice; agent: string | null }): Promise<void>;
  onSessionEvent(sessionID: string, listener: (event: ChatEvent) => void): () => void;
}

type ModelChoice = { providerID: string; modelID: string } | null;

export interface RunLimits {
  /** How long a run waits for OpenCode that is starting or restarting. */
  opencodeWaitMs: number;
  /** How long OpenCode may take to make the chat, and to take the prompt. */
  callMs: number;
  /** How long a reply may take before the run stops following it. */
  replyMs: number;
}

export const defaultRunLimits: RunLimits = {
  opencodeWaitMs: 10 * 60_000,
  callMs: 2 * 60_000,
  replyMs: 6 * 60 * 60_000,
};

export type SetTimer = (callback: () => void, ms: number) => () => void;

export interface RunRequest {
  folder: string;
  title: string;
  prompt: string;
  model: ModelChoice;
  agent: string | null;
}

export type RunEnd = { outcome: "finished" | "failed"; message: string | null };

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

const lateCall = Symbol("late");

/** `work`'s value, or an error saying OpenCode did not answer within `ms` (the call is left to end). */
async function within<T>(work: Promise<T>, ms: number, setTimer: SetTimer): Promise<T> {
  const timers = { setTimer, clearTimer: (cancel: unknown) => (cancel as () => void)() };
  const value = await withDeadline<T | typeof lateCall>(work, ms, () => lateCall, timers);
  if (value === lateCall) throw new Error(`OpenCode did not answer within ${Math.round(ms / 1000)} s.`);
  return value;
}

function errorSentence(error: { name: string; message: string }): string {
  if (error.name === "MessageAbortedError") return "Stopped from the chat before the reply ended.";
  return error.message || error.name;
}

export async function runScheduledTask(
  request: RunRequest,
  target: RunTarget,
  started: (sessionID: string) => void,
  setTimer: SetTimer,
  limits: RunLimits = defaultRunLimits,
): Promise<RunEnd> {
  const notRunning = await target.whenOpencodeRuns(limits.opencodeWaitMs);
  if (notRunning) return { outcome: "failed", message: notRunning };
  let sessionID: string;
  try {
    sessionID = await within(target.createSession(request.folder, request.title), limits.callMs, setTimer);
  } catch (error) {
    return { outcome: "failed", message: `The chat could not be made: ${reason(error)}` };
  }
  started(sessionID);

  let settle: (end: RunEnd) => void = () => undefined;
  const ended = new Promise<RunEnd>((resolve) => {
    settle = resolve;
  });
  // A new chat has no earlier reply, but an idle is only the end once this run's reply was seen.
  let replySeen = false;
  const off = target.onSessionEvent(sessionID, (event) => {
    if (event.type === "session.error") settle({ outcome: "failed", message: errorSentence(event.error) });
    else if (event.type === "session.status" && event.status === "busy") replySeen = true;
    else if (event.type === "message.updated" || event.type === "part.updated") replySeen = true;
    else if (event.type === "session.status" && event.status === "idle" && replySeen) {
      settle({ outcome: "finished", message: null });
    }
  });
  const hours = Math.round(limits.replyMs / 3_600_000);
  const cancelTimer = setTimer(
    () =>
      settle({
        outcome: "failed",
        message: `The reply had not ended after ${hours >= 1 ? `${hours} h` : `${Math.round(limits.replyMs / 60_000)} min`}; the run stopped following it. Open the chat to see where it is.`,
      }),
    limits.replyMs,
  );
  try {
    const choice = { model: request.model, agent: request.agent };
    await within(target.send(sessionID, request.prompt, choice), limits.callMs, setTimer);
  } catch (error) {
    settle({ outcome: "failed", message: `OpenCode did not take the prompt: ${reason(error)}` });
  }
  try {
    return await ended;
  } finally {
    off();
    cancelTimer();
  }
}
