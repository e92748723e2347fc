// One run of a scheduled task: wait (a while) for OpenCode, make a chat in the task's project, send
// the prompt or `/` command, and follow the chat's events to the reply's end. Every wait has a
// deadline, every way out is an outcome with a sentence, so a run never stays "running"; a run
// that waits for the user's answer (a permission, a question) says so while it waits.
import { type AllowChoice, type ChatEvent, formatDuration, messageOf } from "@turnkey/contracts";
import { lateSend, type SetTimer, within } from "../callWithin.ts";

export interface RunTarget {
  /** Null once OpenCode runs (waiting out a start or restart under way, up to `deadlineMs`); else why not. */
  whenOpencodeRuns(deadlineMs: number): Promise<string | null>;
  /** A new chat in the folder; its id. The call to OpenCode ends when `signal` aborts. */
  createSession(folder: string, title: string, signal: AbortSignal): Promise<string>;
  /** Sends the prompt, or starts the `/` command it names; resolves once OpenCode took it. */
  send(sessionID: string, prompt: string, choice: RunChoice, signal: AbortSignal): Promise<void>;
  /** Sets what the new chat lets the agent do without asking (kept before anything is sent). */
  allow(sessionID: string, choice: AllowChoice): void;
  onSessionEvent(sessionID: string, listener: (event: ChatEvent) => void): () => void;
}

export type RunChoice = { model: { providerID: string; modelID: string } | null; agent: string | null };

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

export interface RunRequest extends RunChoice {
  folder: string;
  title: string;
  prompt: string;
  allow: AllowChoice;
}

export type RunEnd = { outcome: "finished" | "failed"; message: string | null };

/** What a run tells the scheduler as it goes: the chat it made, and a waiting note (null: none). */
export interface RunProgress {
  started(sessionID: string): void;
  waiting(note: string | null): void;
}

export const waitingNote = "Waiting for your answer in its chat.";

/** A chat's error as a sentence (a reply the user stopped says so). */
export function errorSentence(error: { name: string; message: string }): string {
  if (error.name === "MessageAbortedError") return "Stopped from the chat before the reply ended.";
  return error.message || error.name;
}

export async function runScheduledTask(
  request: RunRequest,
  target: RunTarget,
  progress: RunProgress,
  setTimer: SetTimer,
  limits: RunLimits = defaultRunLimits,
): Promise<RunEnd> {
  const notRunning = await target.whenOpencodeRuns(limits.opencodeWaitMs);
  if (notRunning) return { outcome: "failed", message: notRunning };
  const seconds = Math.round(limits.callMs / 1000);
  let sessionID: string;
  try {
    const make = (signal: AbortSignal) => target.createSession(request.folder, request.title, signal);
    sessionID = await within(make, limits.callMs, setTimer, `OpenCode did not answer within ${seconds} s.`);
  } catch (error) {
    return { outcome: "failed", message: `The chat could not be made: ${messageOf(error)}` };
  }
  progress.started(sessionID);
  if (request.allow !== "project") {
    // Sent without it, the run would wait for an answer nobody is there to give, or go ahead
    // with more than the task says when its project allows more.
    try {
      target.allow(sessionID, request.allow);
    } catch (error) {
      return {
        outcome: "failed",
        message: `Its chat could not be set to ${request.allow === "ask" ? "ask first" : "go ahead without asking"}: ${messageOf(error)}`,
      };
    }
  }

  let settle: (end: RunEnd) => void = () => undefined;
  const ended = new Promise<RunEnd>((resolve) => {
    settle = resolve;
  });
  // A new chat has no earlier reply, but an idle is only the end once this run's reply was seen.
  let replySeen = false;
  const off = target.onSessionEvent(sessionID, (event) => {
    if (event.type === "session.error") settle({ outcome: "failed", message: errorSentence(event.error) });
    // A reply stopped in the chat ends as a message with MessageAbortedError and no session.error.
    else if (event.type === "message.updated" && event.message.role === "assistant" && event.message.error)
      settle({ outcome: "failed", message: errorSentence(event.message.error) });
    else if (event.type === "permission.asked" || event.type === "question.asked") progress.waiting(waitingNote);
    else if (event.type === "permission.replied" || event.type === "question.replied") progress.waiting(null);
    else if (event.type === "question.rejected") progress.waiting(null);
    else if (event.type === "session.status" && event.status === "busy") replySeen = true;
    else if (event.type === "message.updated" || event.type === "part.updated") replySeen = true;
    else if (event.type === "session.status" && event.status === "idle" && replySeen) {
      settle({ outcome: "finished", message: null });
    }
  });
  const cancelTimer = setTimer(
    () =>
      settle({
        outcome: "failed",
        message: `The reply had not ended after ${formatDuration(limits.replyMs)}; the run stopped following it. Open the chat to see where it is.`,
      }),
    limits.replyMs,
  );
  const late = lateSend(limits.callMs);
  try {
    const choice = { model: request.model, agent: request.agent };
    const send = (signal: AbortSignal) => target.send(sessionID, request.prompt, choice, signal);
    await within(send, limits.callMs, setTimer, late);
  } catch (error) {
    const said = messageOf(error);
    settle({ outcome: "failed", message: said === late ? late : `OpenCode did not take the prompt: ${said}` });
  }
  try {
    return await ended;
  } finally {
    off();
    cancelTimer();
  }
}
