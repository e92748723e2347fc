// The worker's half of "Open in" on the desktop: each request gets main's own answer, matched by
// id, and one main never answers ends at the deadline with a sentence.
import { afterEach, describe, expect, it, vi } from "vitest";
import { desktopLauncher, type LaunchMessage, type MainChannel } from "./desktopLauncher.ts";

afterEach(() => {
  vi.useRealTimers();
});

function channel() {
  const listeners = new Set<(message: unknown) => void>();
  const sent: LaunchMessage[] = [];
  const main: MainChannel = {
    post: (message) => sent.push(message),
    listen: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  const answer = (message: unknown) => {
    for (const listener of [...listeners]) listener(message);
  };
  return { main, sent, answer, listeners };
}

const folder = { kind: "folder" as const, path: "/w/p" };

describe("desktopLauncher", () => {
  it("settles each request with main's answer to it, not another's", async () => {
    const { main, sent, answer, listeners } = channel();
    const launch = desktopLauncher(main);
    const first = launch(folder);
    const second = launch({ kind: "reveal", path: "/w/p/a.ts" });
    // One listener however many wait.
    expect(listeners.size).toBe(1);
    expect(sent.map((m) => m.request.kind)).toEqual(["folder", "reveal"]);
    const [a, b] = sent;
    answer({ type: "launched", id: b?.id, error: "No application is set to open folders." });
    answer({ type: "launched", id: a?.id, error: null });
    await expect(first).resolves.toBeUndefined();
    await expect(second).rejects.toThrow("No application is set to open folders.");
    expect(listeners.size).toBe(0);
  });

  it("gives up when main does not answer in time", async () => {
    vi.useFakeTimers();
    const { main, listeners } = channel();
    const outcome = desktopLauncher(main, 20_000)(folder).catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(20_000);
    expect(((await outcome) as Error).message).toBe("the app did not say within 20 s whether it started.");
    expect(listeners.size).toBe(0);
  });

  it("fails at once, with a sentence, when the request cannot be sent", async () => {
    const { main, listeners } = channel();
    main.post = () => {
      throw new Error("Channel closed");
    };
    await expect(desktopLauncher(main)(folder)).rejects.toThrow(
      "the request could not reach the app (Channel closed).",
    );
    expect(listeners.size).toBe(0);
  });
});
