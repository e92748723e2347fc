import { describe, expect, it, vi } from "vitest";
import { confirmCut, cutWarning } from "./confirmCut.ts";

describe("Restart and Stop ask before cutting a reply (bug 7)", () => {
  it("asks only when a reply is under way, and only for restart and stop", async () => {
    const confirm = vi.fn(() => false);
    expect(await confirmCut("restart", async () => ["ses_1"], confirm)).toBe(false);
    expect(confirm).toHaveBeenCalledWith(cutWarning("restart", 1));
    expect(cutWarning("restart", 1)).toMatch(
      /^OpenCode is writing a reply in a chat\. Restarting OpenCode cuts it off/,
    );
    expect(cutWarning("stop", 2)).toMatch(/in 2 chats\. Stopping .* Stop anyway\?$/);
    confirm.mockClear();
    expect(await confirmCut("restart", async () => [], confirm)).toBe(true);
    expect(await confirmCut("start", async () => ["ses_1"], confirm)).toBe(true);
    expect(confirm).not.toHaveBeenCalled();
    expect(
      await confirmCut(
        "stop",
        async () => ["ses_1"],
        () => true,
      ),
    ).toBe(true);
  });

  it("goes ahead when the backend cannot say", async () => {
    expect(
      await confirmCut(
        "restart",
        () => Promise.reject(new Error("down")),
        () => false,
      ),
    ).toBe(true);
  });
});
