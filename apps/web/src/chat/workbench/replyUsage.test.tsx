// @vitest-environment happy-dom
// Each reply says what it used, inside its bubble: tokens and the cost where the provider reports
// one, the full counts on hover, and nothing at all when opencode reported no usage.
import { cleanup, render, screen } from "@testing-library/react";
import type { MessageUsage } from "@turnkey/contracts";
import { afterEach, describe, expect, it } from "vitest";
import { Message } from "../Message.tsx";
import { textMessage } from "../testHarness.tsx";

afterEach(cleanup);

const actions = { onRetry: () => undefined, onResume: () => undefined };
const usage = (u: Partial<MessageUsage>): MessageUsage => ({
  input: 0,
  output: 0,
  reasoning: 0,
  cacheRead: 0,
  cacheWrite: 0,
  cost: 0,
  ...u,
});
function show(role: "user" | "assistant", used: MessageUsage | null) {
  const message = { ...textMessage("msg_1", "ses_1", role, "Done."), usage: used };
  render(<Message message={message} interrupted={false} last readOnly={false} actions={actions} />);
}

describe("usage inside a reply's bubble", () => {
  it("shows tokens in and out, reasoning, cache and cost compactly, with the detail on hover", () => {
    show(
      "assistant",
      usage({ input: 1234, output: 340, reasoning: 56, cacheRead: 3000, cacheWrite: 400, cost: 0.004 }),
    );
    const line = screen.getByTestId("reply-usage");
    expect(line.textContent).toBe("Usage: 1.2k in · 340 out · 56 reasoning · 3.4k cached · $0.0040");
    expect(line.closest("article")?.getAttribute("aria-label")).toBe("OpenCode");
    const detail = line.getAttribute("title") ?? "";
    expect(detail).toContain("Input: 1,234 tokens");
    expect(detail).toContain("Output: 340 tokens");
    expect(detail).toContain("Cache read: 3,000 tokens");
    expect(detail).toContain("Cache write: 400 tokens");
    expect(detail).toContain("Cost: $0.00400");
  });

  it("leaves out what the provider did not report: no reasoning, no cache, no cost", () => {
    show("assistant", usage({ input: 10, output: 10 }));
    expect(screen.getByTestId("reply-usage").textContent).toBe("Usage: 10 in · 10 out");
    expect(screen.getByTestId("reply-usage").getAttribute("title")).toContain("Cost: not reported");
  });

  it("shows nothing when there is no usage (none reported, or a reply still streaming)", () => {
    show("assistant", null);
    expect(screen.queryByTestId("reply-usage")).toBeNull();
    cleanup();
    show("assistant", usage({}));
    expect(screen.getByText("Done.")).toBeTruthy();
    expect(screen.queryByTestId("reply-usage")).toBeNull();
  });

  it("never shows usage on the user's own message", () => {
    show("user", usage({ input: 5, output: 5 }));
    expect(screen.queryByTestId("reply-usage")).toBeNull();
  });
});
