// The relay keeps the cause of a failure: a broken stream and an event that cannot be mapped are
// logged with their stack, and the relay subscribes again instead of going quiet while prompts
// keep being accepted. After a stream reopens, the waiting list is read again from opencode.
import { LogBuffer, Redactor, type SidecarSupervisor } from "@turnkey/sidecar";
import { describe, expect, it } from "vitest";
import type { Decision, PermissionTaker } from "./allowOnItsOwn.ts";
import { callSignal } from "./callSignal.ts";
import { ChatRelay, type EventSubscription, isSyncEvent } from "./relay.ts";
import type { SidecarHandle } from "./sidecarClient.ts";
import { WaitingRegistry } from "./waiting.ts";

// The global stream wraps each folder's event with its directory.
const delta = (text: string) => ({
  directory: "/work/project",
  payload: {
    type: "message.part.delta",
    properties: { sessionID: "s1", messageID: "m1", partID: "p1", field: "text", delta: text },
  },
});

/** A stream's events arrive after it is opened, never inside the call that opens it. */
const opened = () => new Promise((resolve) => setImmediate(resolve));

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
    const streams: EventSubscription[] = [
      async (_connection, _signal, onData) => {
        await opened();
        onData(JSON.stringify(delta("a")));
        throw new Error("socket hang up");
      },
      async (_connection, signal, onData) => {
        await opened();
        onData("{not json"); // parsing throws
        onData(
          JSON.stringify({
            directory: "/work/project",
            payload: { type: "message.part.updated", properties: { part: null } }, // mapping throws
          }),
        );
        onData(JSON.stringify(delta("b")));
        await new Promise((resolve) => signal.addEventListener("abort", resolve));
      },
    ];
    const supervisor = fakeSupervisor();
    const texts: string[] = [];
    let sawB: () => void = () => undefined;
    const done = new Promise<void>((resolve) => {
      sawB = resolve;
    });
    const relay = new ChatRelay(supervisor, {
      clientFor: () => ({ client: {} as SidecarHandle["client"], generation: 1 }),
      subscribe: (...args) => streams[subscriptions++]!(...args),
      retryMs: 1,
    });
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
    const skipped = lines.filter((l) => l.includes("could not be read"));
    expect(skipped).toHaveLength(2);
    expect(skipped[0]).toMatch(/SyntaxError/);
    expect(skipped[1]).toContain("message.part.updated");
    expect(skipped[1]).toMatch(/TypeError/);
  });
});

describe("a question aside's session (asideSessions.ts)", () => {
  it("is never told of, whether learnt from its mark or told by the asker, and never counts as replying", async () => {
    const event = (payload: unknown) => JSON.stringify({ directory: "/work/project", payload });
    const status = (sessionID: string) => ({
      type: "session.status",
      properties: { sessionID, status: { type: "busy" } },
    });
    const info = { id: "a1", metadata: { turnkeyAside: "commit-message" } };
    const supervisor = fakeSupervisor();
    let streamed: () => void = () => undefined;
    const done = new Promise<void>((resolve) => {
      streamed = resolve;
    });
    const relay = new ChatRelay(supervisor, {
      clientFor: () => ({ client: {} as SidecarHandle["client"], generation: 1 }),
      subscribe: async (_connection, signal, onData) => {
        await opened();
        onData(event({ type: "session.created", properties: { sessionID: "a1", info } }));
        onData(event(status("a1")));
        const question = delta("from the question").payload;
        onData(event({ ...question, properties: { ...question.properties, sessionID: "a1" } }));
        onData(event(status("a2"))); // told by askAside, never marked in an event
        onData(event({ type: "session.deleted", properties: { sessionID: "a1", info } }));
        onData(event(status("a1"))); // late, after its deletion
        onData(JSON.stringify(delta("chat")));
        streamed();
        await new Promise((resolve) => signal.addEventListener("abort", resolve));
      },
    });
    relay.asides.mark("a2");
    const told: string[] = [];
    relay.onEvent((e) => told.push(`${e.type} ${e.sessionID}`));
    await done;
    relay.close();
    expect(told).toEqual(["text.delta s1"]);
    expect(relay.replying()).toEqual([]);
    expect(relay.busyIn("/work/project")).toEqual([]);
  });
});

describe("the waiting list after the stream reopens", () => {
  const folder = "/work/project";
  const permission = (id: string, sessionID: string) => ({
    id,
    sessionID,
    permission: "bash",
    patterns: ["pwd"],
    metadata: {},
    always: [],
  });
  const question = (id: string, sessionID: string) => ({
    id,
    sessionID,
    questions: [{ question: "Which one?", header: "Pick", options: [{ label: "A", description: "" }] }],
  });
  const connected = { directory: "global", payload: { type: "server.connected", properties: {} } };

  it("adds what was asked while it was down and drops what was answered meanwhile, per folder", async () => {
    // opencode's own lists, as each reseed reads them: empty at first; after the break, p1 was
    // answered and q2 asked while no stream was open.
    const lists = [
      { permissions: [], questions: [] },
      { permissions: [], questions: [question("q1", "s1"), question("q2", "s2")] },
    ];
    const asked: string[] = [];
    let reseeds = 0;
    const client = {
      permission: {
        list: async ({ directory }: { directory: string }) => {
          asked.push(`permission ${directory}`);
          return { data: lists[reseeds]!.permissions };
        },
      },
      question: {
        list: async ({ directory }: { directory: string }) => {
          asked.push(`question ${directory}`);
          return { data: lists[reseeds++]!.questions };
        },
      },
    } as unknown as SidecarHandle["client"];
    let subscriptions = 0;
    let breakFirst: () => void = () => undefined;
    const streams: EventSubscription[] = [
      async (_connection, _signal, onData) => {
        await opened();
        onData(JSON.stringify(connected));
        onData(
          JSON.stringify({
            directory: folder,
            payload: { type: "permission.asked", properties: permission("p1", "s1") },
          }),
        );
        onData(
          JSON.stringify({ directory: folder, payload: { type: "question.asked", properties: question("q1", "s1") } }),
        );
        await new Promise<void>((resolve) => {
          breakFirst = resolve;
        });
        throw new Error("socket hang up");
      },
      async (_connection, signal, onData) => {
        await opened();
        onData(JSON.stringify(connected));
        await new Promise((resolve) => signal.addEventListener("abort", resolve));
      },
    ];
    const relay = new ChatRelay(fakeSupervisor(), {
      clientFor: () => ({ client, generation: 1 }),
      subscribe: (...args) => streams[subscriptions++]!(...args),
      retryMs: 1,
      folders: () => [folder],
    });
    const waiting = new Map<string, string[]>();
    let onChange: () => void = () => undefined;
    relay.onEvent((event) => {
      if (event.type !== "waiting") return;
      waiting.set(
        event.sessionID,
        event.pending.map((r) => r.id),
      );
      onChange();
    });
    const until = (done: () => boolean) =>
      new Promise<void>((resolve) => {
        onChange = () => done() && resolve();
        onChange();
      });
    await until(() => waiting.get("s1")?.length === 2);
    breakFirst();
    await until(() => waiting.get("s2")?.length === 1 && waiting.get("s1")?.length === 1);
    relay.close();

    expect(waiting.get("s1")).toEqual(["q1"]);
    expect(waiting.get("s2")).toEqual(["q2"]);
    expect(relay.waitingIn(folder).sort()).toEqual(["s1", "s2"]);
    expect(relay.waiting.pending("s2")[0]).toMatchObject({
      kind: "question",
      question: { questions: [{ question: "Which one?", custom: true, multiple: false }] },
    });
    expect(asked).toEqual([`permission ${folder}`, `question ${folder}`, `permission ${folder}`, `question ${folder}`]);
  });

  it("gives up a read-back that OpenCode never answers, at its deadline, and says so in the log (review 8, L3)", async () => {
    // opencode accepted the calls and answers nothing: each call ends only when its signal does.
    const hang = () =>
      new Promise((_resolve, reject) => {
        const signal = callSignal();
        if (!signal) return; // no signal: the call would hang for ever, and so would this test
        signal.addEventListener("abort", () => reject(new Error("aborted at the read-back's deadline")));
      });
    const client = { permission: { list: hang }, question: { list: hang } } as unknown as SidecarHandle["client"];
    const supervisor = fakeSupervisor();
    const relay = new ChatRelay(supervisor, {
      clientFor: () => ({ client, generation: 1 }),
      subscribe: async (_connection, signal, onData) => {
        await opened();
        onData(JSON.stringify({ directory: "global", payload: { type: "server.connected", properties: {} } }));
        await new Promise((resolve) => signal.addEventListener("abort", resolve));
      },
      folders: () => ["/work/stuck"],
      readBackMs: 50,
    });
    await expect
      .poll(
        () =>
          supervisor.logs
            .tail(20)
            .map((line) => line.line)
            .join("\n"),
        { timeout: 10_000 },
      )
      .toMatch(/Could not read what OpenCode waits on in \/work\/stuck: .*deadline/);
    relay.close();
  });

  it("never brings back a request answered while opencode's list was being read", () => {
    const events: string[] = [];
    const registry = new WaitingRegistry((event) => event.type === "waiting" && events.push(event.sessionID));
    const request = {
      kind: "permission" as const,
      id: "p1",
      sessionID: "s1",
      at: 0,
      permission: { id: "p1", permission: "bash", patterns: [], toolCallID: null },
    };
    registry.observe({ type: "permission.replied", sessionID: "s1", permissionID: "p1", response: "once" });
    expect(registry.reconcile([request], () => true)).toBe(false);
    expect(registry.pending("s1")).toEqual([]);
    expect(events).toEqual([]);
  });
});

describe("ChatRelay with a chat's allow setting", () => {
  const event = (payload: object) => JSON.stringify({ directory: "/work/project", payload });
  const asked = (id: string, sessionID = "s1") =>
    event({
      type: "permission.asked",
      properties: { id, sessionID, permission: "bash", patterns: ["npm test"], metadata: {}, always: [] },
    });
  /** A relay whose stream delivers `stream`, with `take` as the chat's setting; the ids of the requests windows are told of. */
  function relayDeciding(stream: string[], take: PermissionTaker["take"]) {
    const relay = new ChatRelay(fakeSupervisor(), {
      clientFor: () => ({ client: {} as SidecarHandle["client"], generation: 1 }),
      subscribe: async (_connection, signal, onData) => {
        await opened();
        for (const data of stream) onData(data);
        await new Promise((resolve) => signal.addEventListener("abort", resolve));
      },
      folders: () => [],
    });
    const told: string[] = [];
    const reasons: (string | undefined)[] = [];
    relay.onEvent((e) => {
      if (e.type !== "permission.asked") return;
      told.push(e.permission.id);
      reasons.push(e.permission.whyAsked);
    });
    relay.allowOnItsOwn = { learn: () => undefined, mayTake: () => true, sweep: () => undefined, take };
    return { relay, told, reasons };
  }

  it("tells no window of a request the setting answered, and shows the one it could not answer, after its answer elsewhere never", async () => {
    const replied = (id: string) =>
      event({ type: "permission.replied", properties: { sessionID: "s1", requestID: id, reply: "once" } });
    const later: { resolve: (decision: Decision) => void } = { resolve: () => undefined };
    const why = "It names .env, a protected place: requests for those always ask.";
    const { relay, told, reasons } = relayDeciding(
      [asked("taken"), asked("refused"), asked("late"), replied("late")],
      ({ permission }) =>
        permission.id === "late"
          ? new Promise((resolve) => {
              later.resolve = resolve;
            })
          : Promise.resolve(permission.id === "taken" ? { taken: true } : { taken: false, whyAsked: why }),
    );
    await expect.poll(() => told).toEqual(["refused"]);
    expect(relay.waiting.pending("s1").map((r) => r.id)).toEqual(["refused"]);
    // The card says why the chat's setting left it to the user.
    expect(reasons).toEqual([why]);
    expect(relay.waiting.pending("s1")[0]).toMatchObject({ permission: { whyAsked: why } });
    // Answered in another client while the setting was read: its card must not appear afterwards.
    later.resolve({ taken: false, whyAsked: null });
    await new Promise((resolve) => setImmediate(resolve));
    expect(told).toEqual(["refused"]);
    expect(relay.waiting.pending("s1").map((r) => r.id)).toEqual(["refused"]);
    relay.close();
  });

  it("shows a held request when the setting fails, and drops one whose reply ended meanwhile (review 29, M1, M2)", async () => {
    const idle = (sessionID: string) =>
      event({ type: "session.status", properties: { sessionID, status: { type: "idle" } } });
    const decisions = new Map<string, (decision: Decision) => void>();
    // s1's request is held while the user stops its reply; s2's setting fails outright.
    const { relay, told } = relayDeciding(
      [asked("stopped", "s1"), idle("s1"), asked("failing", "s2")],
      ({ permission }) =>
        permission.id === "failing"
          ? Promise.reject(new Error("EACCES"))
          : new Promise((resolve) => decisions.set(permission.id, resolve)),
    );
    await expect.poll(() => told).toEqual(["failing"]);
    decisions.get("stopped")?.({ taken: false, whyAsked: null });
    await new Promise((resolve) => setImmediate(resolve));
    expect(told).toEqual(["failing"]);
    expect(relay.waiting.pending("s1")).toEqual([]);
    relay.close();
  });
});

describe("isSyncEvent", () => {
  it("knows opencode's sync events without parsing them, and nothing else", () => {
    const sync = JSON.stringify({
      directory: "/work/project",
      project: "global",
      payload: { type: "sync", syncEvent: { id: "evt_1", type: "message.updated", data: {} } },
    });
    expect(isSyncEvent(sync)).toBe(true);
    expect(isSyncEvent(JSON.stringify(delta("a")))).toBe(false);
    // A folder or a text that only looks like one is a string, whose quotes are escaped.
    const lookalike = '"payload":{"type":"sync"';
    expect(isSyncEvent(JSON.stringify({ directory: lookalike, payload: delta("x").payload }))).toBe(false);
    expect(isSyncEvent(JSON.stringify(delta(lookalike)))).toBe(false);
    // The type after other fields: parsed, not guessed.
    expect(isSyncEvent(JSON.stringify({ directory: "/w", payload: { id: "evt_2", type: "sync" } }))).toBe(false);
  });
});
