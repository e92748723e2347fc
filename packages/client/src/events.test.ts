import type { TurnkeyEvent } from "@turnkey/contracts";
import { describe, expect, it } from "vitest";
import { subscribeEvents } from "./events.ts";

const status = {
  state: "running",
  pid: 1,
  port: 2,
  version: "1",
  startedAt: 1,
  readyAt: 2,
  uptimeMs: 3,
  restarts: 0,
  nextRestartAt: null,
  lastExit: null,
  error: null,
  health: null,
  binary: null,
};

/** A backend that answers one SSE stream with these frames and then holds it open. */
function sseFetch(frames: string[]): typeof fetch {
  return (async () =>
    new Response(
      new ReadableStream<Uint8Array>({
        start(controller) {
          for (const frame of frames) controller.enqueue(new TextEncoder().encode(frame));
        },
      }),
      { headers: { "content-type": "text/event-stream" } },
    )) as unknown as typeof fetch;
}

describe("subscribeEvents", () => {
  it("surfaces an exception thrown by the caller's handler, and keeps the stream going", async () => {
    const frame = (data: object) => `event: status\ndata: ${JSON.stringify(data)}\n\n`;
    const errors: { error: unknown; event: TurnkeyEvent }[] = [];
    const handled: TurnkeyEvent[] = [];
    const connections: string[] = [];
    const both = new Promise<void>((resolve) => {
      const subscription = subscribeEvents({
        baseUrl: "http://127.0.0.1:1",
        fetch: sseFetch([frame(status), frame({ ...status, restarts: 1 })]),
        onConnection: (state) => connections.push(state),
        onEvent: (event) => {
          handled.push(event);
          if (handled.length === 1) throw new TypeError("tray.update is not a function");
          subscription.close();
          resolve();
        },
        onError: (error, event) => errors.push({ error, event }),
      });
    });
    await both;
    expect(errors).toHaveLength(1);
    expect(errors[0]?.error).toBeInstanceOf(TypeError);
    expect(errors[0]?.error).toHaveProperty("message", "tray.update is not a function");
    expect(errors[0]?.event).toMatchObject({ event: "status", data: { restarts: 0 } });
    expect(handled.map((e) => (e.event === "status" ? e.data.restarts : -1))).toEqual([0, 1]);
    expect(connections).not.toContain("reconnecting"); // a handler's bug is not a broken connection
  });
});

describe("a stream that breaks and opens again", () => {
  it("tells the caller it reopened (the gap's events are lost), not when it first opens", async () => {
    const frame = `event: status\ndata: ${JSON.stringify(status)}\n\n`;
    let connects = 0;
    // The first stream ends after its status event (a dropped connection); the second stays open.
    const fetchTwice = (async () => {
      connects++;
      const ends = connects === 1;
      return new Response(
        new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(new TextEncoder().encode(frame));
            if (ends) controller.close();
          },
        }),
        { headers: { "content-type": "text/event-stream" } },
      );
    }) as unknown as typeof fetch;
    const seen: string[] = [];
    await new Promise<void>((resolve) => {
      const subscription = subscribeEvents({
        baseUrl: "http://127.0.0.1:1",
        fetch: fetchTwice,
        retryMs: 1,
        onConnection: (state) => seen.push(state),
        onEvent: () => seen.push("event"),
        onReopen: () => {
          seen.push("reopened");
          subscription.close();
          resolve();
        },
      });
    });
    // (what comes after is the close the test asked for)
    expect(seen.slice(0, 6)).toEqual(["connecting", "open", "event", "reconnecting", "open", "reopened"]);
  });
});
