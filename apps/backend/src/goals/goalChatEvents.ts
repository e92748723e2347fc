// What a goal's chat says, read for the goal: a chat event, with what is known of the reply going
// on, becomes the goal's event (a reply started, ended, failed, waits for an answer) and the next
// reply state. Pure, so the keeper only carries it out, and every reading is tested on its own.
import { asSentence, type ChatEvent } from "@turnkey/contracts";
import { errorSentence } from "../schedules/scheduleRunner.ts";
import type { GoalEvent } from "./goalSteps.ts";

/** What the keeper knows of the reply going on in a goal's chat. */
export interface ReplyState {
  /** A reply is going in the chat (its last status was busy). */
  replying: boolean;
  /** A reply was seen since the last turn was sent: its idle is the end the goal waits for. */
  replySeen: boolean;
  /**
   * Pause asked to stop the reply, and the chat has not gone idle since: a stop that came before
   * OpenCode's loop had started (just after a turn was taken) stops nothing, so the reply's next
   * sign of life is stopped again.
   */
  stopWanted: boolean;
}

export const noReply: ReplyState = { replying: false, replySeen: false, stopWanted: false };

export interface ChatReading {
  state: ReplyState;
  /** What it means for the goal; null: nothing. */
  event: GoalEvent | null;
  /** The reply the goal waited for is over (ended or failed): its deadline goes. */
  replyOver: boolean;
  /** The reply showed life: a stop still wanted is sent again. */
  alive: boolean;
}

type MessageError = Extract<ChatEvent, { type: "session.error" }>["error"];

const failed = (state: ReplyState, error: MessageError): ChatReading => ({
  state: { ...state, replySeen: false },
  event: {
    type: "replyFailed",
    message: asSentence(errorSentence(error)),
    stoppedByUser: error.name === "MessageAbortedError",
  },
  replyOver: true,
  alive: false,
});

export function readChatEvent(state: ReplyState, event: ChatEvent): ChatReading {
  const nothing: ChatReading = { state, event: null, replyOver: false, alive: false };
  switch (event.type) {
    case "session.status":
      if (event.status === "busy") {
        const started: GoalEvent | null = state.replying ? null : { type: "replyStarted" };
        return { state: { ...state, replying: true, replySeen: true }, event: started, replyOver: false, alive: true };
      }
      if (event.status === "idle") {
        const idle = { ...state, replying: false, stopWanted: false };
        if (!state.replySeen) return { ...nothing, state: idle };
        return { state: { ...idle, replySeen: false }, event: { type: "replyEnded" }, replyOver: true, alive: false };
      }
      return nothing;
    case "message.updated":
      // A reply stopped in the chat ends as a message with MessageAbortedError and no
      // session.error (opencode 1.18; chat.test.ts "stops a running reply on abort").
      if (event.message.role === "assistant" && event.message.error) return failed(state, event.message.error);
      return { ...nothing, state: { ...state, replySeen: true }, alive: true };
    case "part.updated":
      return { ...nothing, state: { ...state, replySeen: true }, alive: true };
    case "session.error":
      return failed(state, event.error);
    case "permission.asked":
    case "question.asked":
      return { ...nothing, event: { type: "waiting", note: "A reply waits for your answer in the chat." } };
    case "permission.replied":
    case "question.replied":
    case "question.rejected":
      return { ...nothing, event: { type: "waiting", note: null } };
    default:
      return nothing;
  }
}
