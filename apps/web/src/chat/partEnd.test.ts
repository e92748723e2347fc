// A text part's end replaces whatever was shown while it streamed: a delta shown twice (a read-back
// after a break can repeat one) or opencode's trimmed end text (review 9, L2). The mid-stream empty
// copy a read-back gets keeps the shown text (chat.test.tsx).
import { describe, expect, it } from "vitest";
import { conversationReducer, emptyConversation } from "./conversation.ts";

const s = "ses_1";
const m = "msg_1";
function run(deltas: string[], finalText: string) {
  let state = emptyConversation(s);
  state = conversationReducer(state, {
    type: "event",
    event: { type: "message.updated", sessionID: s, message: { id: m, sessionID: s, role: "assistant" } as never },
  } as never);
  for (const delta of deltas)
    state = conversationReducer(state, {
      type: "event",
      event: { type: "text.delta", sessionID: s, messageID: m, partID: "prt_1", field: "text", delta },
    });
  state = conversationReducer(state, {
    type: "event",
    event: { type: "part.updated", sessionID: s, messageID: m, part: { type: "text", id: "prt_1", text: finalText } },
  });
  const part = state.messages.find((x) => x.id === m)?.parts.find((p) => p.id === "prt_1");
  return part && "text" in part ? part.text : undefined;
}

describe("a text part's end replaces what was shown", () => {
  it("a delta shown twice (a duplicate after a read-back) is gone when the part ends", () => {
    expect(run(["Hello", " world", " world"], "Hello world")).toBe("Hello world");
  });
  it("opencode's trimmed end text replaces the streamed text", () => {
    expect(run(["Hello", " world\n\n"], "Hello world")).toBe("Hello world");
  });
});
