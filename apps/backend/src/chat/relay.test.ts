// The relay keeps the cause of a failure: a broken stream and an event that cannot be mapped are
// logged with their stack, and the relay subscribes again instead of going quiet while prompts
// keep being accepted.
import { LogBuffer, Redactor, type SidecarSupervisor } from "@turnkey/sidecar";
import { describe, expect, it } from "vitest";
import { ChatRelay } from "./relay.ts";
import type { SidecarHandle } from "./sidecarClient.ts";

// The global stream wraps each folder's event with its directory.
const delta = (text: string) => ({
  directory: "/work/project",
  payload: {
    type: "message.part.delta",
    properties: { sessionID: "s1", messageID: "m1", partID: "p1", field: "text", delta: text },
  },
});

function fakeSupervisor() {
  const logs = new LogBuffer(new Redactor(), 100);
  const supervisor = {
    logs,
    onStatus: () => () => undefined,
    status: () => ({ state: "running" }),
    connection: () => ({ url: "http://127.0.0.1:9", password: "x", username: "opencode", generation: 1 }),
  };
  return supervisor as unknown as SidecarSupervisor & { logs: LogBuffer };
}

describe("ChatRelay", () => {
  it("logs a broken stream and a bad event with their stacks, and subscribes again", async () => {
    let subscriptions = 0;
    const streams = [
      async function* () {
        yield delta("a");
        throw new Error("socket hang up");
      },
      async function* (signal: AbortSignal) {
        yield { directory: "/work/project", payload: { type: "message.part.updated", properties: { part: null } } }; // mapping throws
        yield delta("b");
        await new Promise((resolve) => signal.addEventListener("abort", resolve));
      },
    ];
    const client = {
      global: {
        event: async (options: { signal: AbortSignal }) => ({ stream: streams[subscriptions++]!(options.signal) }),
      },
    } as unknown as SidecarHandle["client"];
    const supervisor = fakeSupervisor();
    const texts: string[] = [];
    let sawB: () => void = () => undefined;
    const done = new Promise<void>((resolve) => {
      sawB = resolve;
    });
    const relay = new ChatRelay(supervisor, { clientFor: () => ({ client, generation: 1 }), retryMs: 1 });
    relay.onEvent((event) => {
      if (event.type !== "text.delta") return;
      texts.push(event.delta);
      if (event.delta === "b") sawB();
    });
    await done;
    relay.close();

    expect(subscriptions).toBe(2);
    expect(texts).toEqual(["a", "b"]);
    const lines = supervisor.logs.tail().map((l) => l.line);
    const broken = lines.find((l) => l.includes("event stream failed"));
    expect(broken).toContain("socket hang up");
    expect(broken).toMatch(/\n\s+at /); // the stack, not just the message
    const skipped = lines.find((l) => l.includes("could not be read"));
    expect(skipped).toContain("message.part.updated");
    expect(skipped).toMatch(/TypeError/);
  });
});
