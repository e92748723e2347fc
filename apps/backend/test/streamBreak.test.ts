// The relay's event stream from the real opencode breaks in the middle of a reply (its socket is
// destroyed while a tool runs) and stays down while the tool ends and the reply finishes: when it
// opens again, what it missed is read back, so a window still gets the tool's output, the reply's
// text and its end, instead of showing "running" for ever.
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { ChatEvent } from "@turnkey/contracts";
import { streamLoopbackEvents } from "@turnkey/sidecar";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { EventSubscription } from "../src/chat/relay.ts";
import { collectEvents, isIdle } from "./eventCollector.ts";
import { type RealBackend, startRealBackend } from "./realBackend.ts";

/** The relay's subscription to opencode, which the test can cut and keep closed until `reopen`. */
function cuttableStream() {
  let cutCurrent: () => void = () => undefined;
  let reopened: Promise<void> = Promise.resolve();
  let reopen: () => void = () => undefined;
  let opens = 0;
  const subscribe: EventSubscription = async (connection, signal, onData) => {
    await reopened;
    opens++;
    const own = new AbortController();
    const stop = () => own.abort();
    signal.addEventListener("abort", stop, { once: true });
    cutCurrent = stop;
    try {
      await streamLoopbackEvents(connection, "/global/event", own.signal, onData);
    } finally {
      signal.removeEventListener("abort", stop);
    }
  };
  return {
    subscribe,
    opens: () => opens,
    /** Destroys the open stream's socket; the relay's next subscription waits for `reopen`. */
    cut() {
      reopened = new Promise((resolve) => {
        reopen = resolve;
      });
      cutCurrent();
    },
    reopen: () => reopen(),
  };
}

const stream = cuttableStream();
let real: RealBackend;

beforeAll(async () => {
  real = await startRealBackend({
    name: "stream break",
    opencodeConfig: { permission: { bash: "allow" } },
    backend: { relay: { subscribe: stream.subscribe, retryMs: 10 } },
  });
  await real.client.start();
}, 240_000);

afterAll(async () => {
  stream.reopen();
  await real?.close();
});

const toolOf = (events: ChatEvent[]) =>
  events.flatMap((e) => (e.type === "part.updated" && e.part.type === "tool" ? [e.part] : []));

describe("a relay stream that breaks mid-reply", () => {
  it("delivers the tool's output and the reply's end it missed once it opens again", { timeout: 120_000 }, async () => {
    const { session } = await real.client.createSession();
    const events = await collectEvents(real.backend, [session.id]);
    try {
      const go = join(real.root, "go");
      // The tool runs until the test lets it end (a file appears), with a 60 s bound of its own.
      const command = "for i in $(seq 600); do test -e go && break; sleep 0.1; done; echo tool-finished";
      await real.client.send(session.id, `wait for it [tool:bash ${command}]`);
      await events.until(
        () => toolOf(events.chat()).some((p) => p.state.status === "running"),
        "the tool to be running",
      );
      const opensBefore = stream.opens();
      stream.cut();
      writeFileSync(go, "");
      // opencode ends the tool and the reply while no stream is open: read straight from it.
      await vi.waitFor(
        async () => {
          const last = (await real.client.messages(session.id)).at(-1);
          expect(last?.text).toBe("Tool said: tool-finished");
          expect(last?.completedAt).not.toBeNull();
        },
        { timeout: 60_000, interval: 100 },
      );
      expect(existsSync(go)).toBe(true);
      // None of it reached the window while the stream was down.
      expect(isIdle(session.id)(events.events)).toBe(false);
      expect(toolOf(events.chat()).some((p) => p.state.status === "completed")).toBe(false);
      expect(await real.client.replying()).toEqual([session.id]);

      stream.reopen();
      await events.until(isIdle(session.id), "the reply's end, read back after the stream opened again");
      expect(stream.opens()).toBe(opensBefore + 1);
      const tool = toolOf(events.chat()).find((p) => p.state.status === "completed");
      expect(tool?.state.output).toContain("tool-finished");
      const texts = events
        .chat()
        .flatMap((e) => (e.type === "part.updated" && e.part.type === "text" ? [e.part.text] : []));
      expect(texts).toContain("Tool said: tool-finished");
      expect(await real.client.replying()).toEqual([]);
    } finally {
      events.close();
    }
  });
});
