// @vitest-environment happy-dom
// What the retry line says when opencode gave less (no model known, no words, no time), and what
// the window's status region says of a reply.

import { render, screen } from "@testing-library/react";
import { createElement } from "react";
import { describe, expect, it } from "vitest";
import { retrySentence, SpokenReplyStatus } from "./WorkingLine.tsx";

const model = { providerID: "openai", modelID: "gpt-5-nano" };

describe("retrySentence", () => {
  it.each([
    [
      { attempt: 1, message: "Overloaded.", next: 2_400 },
      model,
      "openai/gpt-5-nano did not answer: Overloaded. OpenCode tries again in 3 s (attempt 1); Stop gives up.",
    ],
    [
      { attempt: 3, message: "  ", next: 61_000 },
      null,
      "The model did not answer. OpenCode tries again in 1 min 1 s (attempt 3); Stop gives up.",
    ],
    [
      { attempt: null, message: "fetch failed", next: null },
      model,
      "openai/gpt-5-nano did not answer: fetch failed. OpenCode tries again now; Stop gives up.",
    ],
  ])("%j from %j reads as a whole sentence", (retry, who, text) => {
    expect(retrySentence(retry, who, 0)).toBe(text);
  });
});

describe("what a screen reader hears", () => {
  it("a retry once, not its countdown; then a reply, then a failure", () => {
    const retry = { attempt: 2, message: "Overloaded", next: 5_000 };
    const spoken = (busy: boolean, conversation: Parameters<typeof SpokenReplyStatus>[0]["conversation"]) => {
      const { unmount } = render(createElement(SpokenReplyStatus, { busy, conversation }));
      const text = screen.getByRole("status").textContent;
      unmount();
      return text;
    };
    expect(spoken(true, { retry, error: null })).toBe("The model did not answer; OpenCode is trying again.");
    expect(spoken(true, { retry: null, error: null })).toBe("OpenCode is replying.");
    expect(spoken(false, { retry: null, error: { name: "APIError", message: "Bad key" } })).toBe(
      "The reply failed: Bad key",
    );
  });
});
