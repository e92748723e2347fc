// A question for the model asked aside from the person's chats (a commit message written from a
// diff): OpenCode answers only within a session, so one is made for it, marked in its metadata,
// asked with every tool turned off (the model reads what it is given and runs nothing), and
// deleted once it has answered, failed or been given up on. The mark, and its id told to the relay
// as soon as it is known, keep it out of the chat list and the windows' events (asideSessions.ts),
// so nobody sees a chat appear and vanish. Made with a
// title, so OpenCode does not spend a second request naming it. Tried with opencode 1.18.33:
// `tools: {"*": false}` sends the model no tool at all, and the default agent's instructions (the
// project's AGENTS.md among them) still come with the question.
import type { SessionPromptResponses } from "@opencode-ai/sdk/v2";
import { formatDuration, type ModelRef } from "@turnkey/contracts";
import type { SidecarSupervisor } from "@turnkey/sidecar";
import { ApiRefusal } from "../apiError.ts";
import { type AsideSessions, asideField } from "./asideSessions.ts";
import { withCallSignal } from "./callSignal.ts";
import { errorDetail, type SidecarHandle, SidecarUnavailableError, sidecarClient, unwrap } from "./sidecarClient.ts";

export interface AsideQuestion {
  /** The folder the question is about: OpenCode's instance there, with that project's instructions. */
  directory: string;
  /** What it is for, kept in the mark (`commit-message`). */
  purpose: string;
  /** The session's title, seen only by OpenCode's own clients while the question lasts. */
  title: string;
  /** Instructions added to the agent's own. */
  system: string;
  text: string;
  /** Absent: OpenCode's default model. */
  model?: ModelRef | undefined;
  /** How long the model may take to answer before the question is given up on. */
  deadlineMs: number;
  /** The asker left: the question is given up on. */
  signal?: AbortSignal | undefined;
}

/** Why a question aside has no answer, as the API says it. */
export class AsideError extends ApiRefusal {
  constructor(code: "model_failed" | "model_timeout", message: string) {
    super(code === "model_timeout" ? 504 : 502, code, message);
  }
}

/** How long making the session, and stopping and deleting it, may take. */
const bookkeepingMs = 15_000;

/**
 * The model's answer, its text parts joined; throws AsideError, or the sidecar's own errors.
 * `asides`: told of the session as soon as it is made (the relay's, so no window hears of it).
 */
export async function askAside(
  supervisor: SidecarSupervisor,
  asides: AsideSessions,
  question: AsideQuestion,
): Promise<string> {
  const ended = () => {
    if (question.signal?.aborted) return new AsideError("model_failed", "The question was given up on.");
    return new AsideError(
      "model_timeout",
      `The model did not answer within ${formatDuration(question.deadlineMs)}. Try again, or write it yourself.`,
    );
  };
  if (question.signal?.aborted) throw ended();
  const handle = sidecarClient(supervisor, question.directory);
  if (!handle) throw new SidecarUnavailableError(supervisor.status());
  // One deadline for the question. The session's making is not cut by it (only by its own bound):
  // cut, OpenCode may have made the session all the same, and its id would be lost with the answer.
  const giveUp = new AbortController();
  const timer = setTimeout(() => giveUp.abort(), question.deadlineMs);
  const left = () => giveUp.abort();
  question.signal?.addEventListener("abort", left, { once: true });
  let sessionID: string | null = null;
  try {
    const made = await withCallSignal(AbortSignal.timeout(Math.min(bookkeepingMs, question.deadlineMs)), () =>
      handle.client.session.create({ title: question.title, metadata: { [asideField]: question.purpose } }),
    );
    if (made.data === undefined && giveUp.signal.aborted) throw ended();
    const session = unwrap(made, "Making a session for the question");
    sessionID = session.id;
    asides.mark(session.id);
    asides.record?.made(session.id, question.directory);
    if (giveUp.signal.aborted) throw ended();
    const body = {
      parts: [{ type: "text" as const, text: question.text }],
      system: question.system,
      tools: { "*": false },
      ...(question.model ? { model: question.model } : {}),
    };
    const reply = await withCallSignal(giveUp.signal, () =>
      handle.call<SessionPromptResponses[200]>("POST", `/session/${encodeURIComponent(session.id)}/message`, body),
    );
    if (giveUp.signal.aborted) throw ended();
    const answer = unwrap(reply, "Asking the model");
    if (answer.info.error) {
      const why = errorDetail(answer.info.error) || answer.info.error.name;
      throw new AsideError("model_failed", `The model could not answer: ${why}`);
    }
    const text = answer.parts
      .flatMap((part) => (part.type === "text" && !part.synthetic ? [part.text] : []))
      .join("")
      .trim();
    if (text === "")
      throw new AsideError("model_failed", "The model answered with no text. Try again, or write it yourself.");
    return text;
  } finally {
    clearTimeout(timer);
    question.signal?.removeEventListener("abort", left);
    if (sessionID !== null && (await forget(handle, sessionID, giveUp.signal.aborted))) asides.record?.gone(sessionID);
  }
}

/**
 * Stops a reply still being written, then deletes the session; whether it was deleted. One that
 * was not (the sidecar went away) stays recorded, and is deleted when OpenCode next runs
 * (asideLeftovers.ts); no list shows it meanwhile, since it carries the mark.
 */
async function forget(handle: SidecarHandle, sessionID: string, stopFirst: boolean): Promise<boolean> {
  return withCallSignal(AbortSignal.timeout(bookkeepingMs), async () => {
    if (stopFirst) await handle.client.session.abort({ sessionID });
    return (await handle.client.session.delete({ sessionID })).error === undefined;
  }).catch(() => false);
}
