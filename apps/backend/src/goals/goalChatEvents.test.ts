// A goal's chat events, read: a reply's start and end (only an idle after a reply counts), a
// failure from the session or from an aborted message (a Stop in the chat sends no session
// error), an answer waited for, and which events are signs of life a wanted stop is sent again on.
import type { ChatEvent } from "@turnkey/contracts";
import { describe, expect, it } from "vitest";
import { noReply, readChatEvent } from "./goalChatEvents.ts";

const status = (s: "busy" | "idle"): ChatEvent => ({
  type: "session.status",
  sessionID: "ses_1",
  status: s,
  attempt: null,
  message: null,
});

describe("readChatEvent", () => {
  it("reads a reply's start once and its end only after a reply was seen", () => {
    expect(readChatEvent(noReply, status("idle"))).toMatchObject({ event: null, replyOver: false });
    const busy = readChatEvent(noReply, status("busy"));
    expect(busy).toMatchObject({ event: { type: "replyStarted" }, alive: true, state: { replying: true } });
    expect(readChatEvent(busy.state, status("busy")).event).toBeNull();
    const idle = readChatEvent({ ...busy.state, stopWanted: true }, status("idle"));
    expect(idle).toEqual({ state: noReply, event: { type: "replyEnded" }, replyOver: true, alive: false });
  });

  it("reads a failed session and a message the user stopped as the reply failing", () => {
    const error = { name: "ProviderAuthError", message: "The key was refused" };
    expect(readChatEvent(noReply, { type: "session.error", sessionID: "ses_1", error })).toMatchObject({
      event: { type: "replyFailed", message: "The key was refused.", stoppedByUser: false },
      replyOver: true,
    });
    const message = { role: "assistant", error: { name: "MessageAbortedError", message: "Aborted" } };
    const stopped = readChatEvent(noReply, {
      type: "message.updated",
      sessionID: "ses_1",
      message,
    } as unknown as ChatEvent);
    expect(stopped.event).toMatchObject({ type: "replyFailed", stoppedByUser: true });
  });

  it("reads a question asked and answered as the goal's waiting note", () => {
    const asked = { type: "question.asked", sessionID: "ses_1" } as unknown as ChatEvent;
    expect(readChatEvent(noReply, asked).event).toEqual({
      type: "waiting",
      note: "A reply waits for your answer in the chat.",
    });
    const rejected = { type: "question.rejected", sessionID: "ses_1" } as unknown as ChatEvent;
    expect(readChatEvent(noReply, rejected).event).toEqual({ type: "waiting", note: null });
  });
});
