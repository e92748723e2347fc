// What fills the context, roughly: each kind of the chat's text since its last compaction, at four
// characters a token, the rest being OpenCode's own instructions and tools; scaled down when the
// text counts more than the reply used.
import type { ChatMessage, ChatPart } from "@turnkey/contracts";
import { describe, expect, it } from "vitest";
import { contextShares } from "./contextShare.ts";

const text = (t: string): ChatPart => ({ type: "text", id: t, text: t });
const tool = (output: string): ChatPart => ({
  type: "tool",
  id: "t",
  tool: "read",
  callID: "c",
  state: { status: "completed", title: null, input: { filePath: "a.ts" }, output, error: null },
});
const message = (role: ChatMessage["role"], ...parts: ChatPart[]) => ({ role, parts });

describe("what fills the context", () => {
  it("splits what the last reply used by kind, largest first, the rest (OpenCode's own) last", () => {
    const shares = contextShares(
      [message("user", text("u".repeat(400))), message("assistant", tool("o".repeat(3_980)), text("r".repeat(800)))],
      5_000,
    );
    // 400 / 4 = 100; 800 / 4 = 200; the tool: 20 characters of input and 3,980 of output, 1,000.
    expect(shares).toEqual([
      { label: "Tool calls and their output", tokens: 1_000 },
      { label: "The replies", tokens: 200 },
      { label: "Your messages", tokens: 100 },
      { label: "OpenCode's instructions, the tools' descriptions and the rest", tokens: 3_700 },
    ]);
  });

  it("counts from the last compaction on, and scales the text down to what was used", () => {
    const shares = contextShares(
      [
        message("user", text("x".repeat(40_000))),
        message("user", { type: "other", id: "c", kind: "compaction" }),
        message("assistant", text("s".repeat(400))),
        message("user", text("u".repeat(400))),
      ],
      150,
    );
    // 100 + 100 counted, 150 used: each scaled to 75, nothing left over.
    expect(shares).toEqual([
      { label: "The replies", tokens: 75 },
      { label: "Your messages", tokens: 75 },
    ]);
    expect(contextShares([message("user", text("hello"))], 0)).toBeNull();
  });
});
