// Chat through the backend with the real opencode and a local stub provider: replies, streaming,
// routing by session, keyed sessions across restarts, abort, permissions, refusals.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTurnkeyClient, TurnkeyApiError, type TurnkeyClient } from "@turnkey/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isolatedOpencodeEnv } from "../../../packages/sidecar/test/isolatedHome.ts";
import { type Backend, startBackend } from "../src/startBackend.ts";
import { collectEvents, isIdle, streamedText } from "./eventCollector.ts";
import { bearer, jsonPost, raw } from "./harness.ts";
import { type StubProvider, startStubProvider } from "./stubProvider.ts";

let stub: StubProvider;
let root: string;
let configFile: string;
let backend: Backend;
let client: TurnkeyClient;

async function bootBackend(): Promise<Backend> {
  const started = await startBackend({
    dataDir: join(root, "data"),
    workdir: root,
    uiDir: null,
    opencodeConfig: configFile,
    supervisor: { env: isolatedOpencodeEnv(root) },
    keyCheckBaseUrl: `${stub.url}/v1`,
  });
  client = createTurnkeyClient({ baseUrl: started.url, token: started.token });
  expect((await client.start()).state).toBe("running");
  return started;
}

beforeAll(async () => {
  stub = await startStubProvider();
  // Lives for the whole suite (harness temp dirs are removed after each test).
  root = mkdtempSync(join(tmpdir(), "turnkey chat ü-"));
  configFile = stub.writeOpencodeConfig(root);
  backend = await bootBackend();
});

afterAll(async () => {
  await backend?.close();
  await stub?.close();
  rmSync(root, { recursive: true, force: true });
});

describe("chat", () => {
  it("lists the stub provider's model as the default", async () => {
    const models = await client.models();
    expect(models.default).toEqual({ providerID: "stub", modelID: "stub-model" });
    expect(models.providers.find((p) => p.id === "stub")?.models).toEqual([{ id: "stub-model", name: "Stub Model" }]);
  });

  it("answers a prompt with ?wait=1 and streams the same text as chat events", async () => {
    const { session, created } = await client.createSession({ title: "First chat" });
    expect(created).toBe(true);
    const events = await collectEvents(backend, [session.id]);
    try {
      const reply = await client.sendAndWait(session.id, "hello world");
      expect(reply).toMatchObject({ role: "assistant", text: "Echo: hello world", error: null });
      expect(reply.model).toEqual({ providerID: "stub", modelID: "stub-model" });
      await events.until(isIdle(session.id), "the session to go idle");
      expect(streamedText(events.chat(), session.id)).toBe("Echo: hello world");
      const history = await client.messages(session.id);
      expect(history.map((m) => [m.role, m.text])).toEqual([
        ["user", "hello world"],
        ["assistant", "Echo: hello world"],
      ]);
    } finally {
      events.close();
    }
  });

  it("routes two sessions streaming at once to their own subscribers only", async () => {
    const [a, b] = await Promise.all([client.createSession(), client.createSession()]);
    const [eventsA, eventsB] = await Promise.all([
      collectEvents(backend, [a.session.id]),
      collectEvents(backend, [b.session.id]),
    ]);
    try {
      const accepted = await Promise.all([
        client.send(a.session.id, "alpha one two three"),
        client.send(b.session.id, "beta four five six"),
      ]);
      expect(accepted).toEqual([
        { accepted: true, sessionID: a.session.id },
        { accepted: true, sessionID: b.session.id },
      ]);
      await Promise.all([eventsA.until(isIdle(a.session.id), "A idle"), eventsB.until(isIdle(b.session.id), "B idle")]);
      expect(eventsA.chat().every((e) => e.sessionID === a.session.id)).toBe(true);
      expect(eventsB.chat().every((e) => e.sessionID === b.session.id)).toBe(true);
      expect(streamedText(eventsA.chat(), a.session.id)).toBe("Echo: alpha one two three");
      expect(streamedText(eventsB.chat(), b.session.id)).toBe("Echo: beta four five six");
    } finally {
      eventsA.close();
      eventsB.close();
    }
  });

  it("asks permission for a tool, and the answer reaches opencode", async () => {
    const { session } = await client.createSession();
    const events = await collectEvents(backend, [session.id]);
    try {
      await client.send(session.id, "run it [tool:bash echo permitted-7]");
      await events.until(
        (all) => all.some((e) => e.event === "chat" && e.data.type === "permission.asked"),
        "a permission request",
      );
      const asked = events.chat().find((e) => e.type === "permission.asked");
      if (asked?.type !== "permission.asked") throw new Error("no permission event");
      expect(asked.permission).toMatchObject({ permission: "bash", patterns: ["echo permitted-7"] });
      await client.replyPermission(session.id, asked.permission.id, "once");
      await events.until(isIdle(session.id), "the reply to finish");
      expect(events.chat()).toContainEqual(
        expect.objectContaining({ type: "permission.replied", permissionID: asked.permission.id, response: "once" }),
      );
      const [, toolTurn, final] = await client.messages(session.id);
      const tool = toolTurn?.parts.find((p) => p.type === "tool");
      expect(tool).toMatchObject({
        tool: "bash",
        state: { status: "completed", output: expect.stringContaining("permitted-7") },
      });
      expect(final?.text).toBe("Tool said: permitted-7");
    } finally {
      events.close();
    }
  });

  it("stops a running reply on abort", async () => {
    const { session } = await client.createSession();
    const events = await collectEvents(backend, [session.id]);
    try {
      await client.send(session.id, "take your time [slow]");
      await events.until(() => streamedText(events.chat(), session.id).includes("tick 1 "), "the reply to start");
      expect(await client.abort(session.id)).toEqual({ aborted: true });
      await events.until(isIdle(session.id), "the session to go idle");
      const reply = (await client.messages(session.id)).at(-1);
      expect(reply?.role).toBe("assistant");
      expect(reply?.text).not.toContain("tick 39");
      expect(reply?.error?.name).toBe("MessageAbortedError");
    } finally {
      events.close();
    }
  });

  it("says opencode is retrying a provider that refused with 429, and when it tries next, then replies", async () => {
    const { session } = await client.createSession();
    const events = await collectEvents(backend, [session.id]);
    try {
      const sentAt = Date.now();
      await client.send(session.id, "[busy:1] are you there");
      await events.until(isIdle(session.id), "the session to go idle", 60_000);
      const retry = events.chat().find((e) => e.type === "session.status" && e.status === "retry");
      expect(retry).toMatchObject({
        attempt: 1,
        message: expect.stringContaining("Rate limit reached for stub-model"),
      });
      // The stub said "retry after 1 s": the next try is announced as a time, a second or more after
      // the refusal (which came after the send), and it had come by the time the reply ended.
      const next = retry?.type === "session.status" ? retry.next : null;
      expect(next).toBeGreaterThanOrEqual(sentAt + 900);
      expect(next).toBeLessThan(Date.now() + 1);
      expect((await client.messages(session.id)).at(-1)).toMatchObject({
        text: "Echo: [busy:1] are you there",
        error: null,
      });
    } finally {
      events.close();
    }
  });

  it("refuses bad chat input with 400 and unknown sessions with 404, changing nothing", async () => {
    const { session } = await client.createSession();
    const post = (path: string, body: string) => jsonPost(backend, path, body);
    expect((await post(`/api/sessions/${session.id}/messages`, '{"text":"   "}')).status).toBe(400);
    expect((await post(`/api/sessions/${session.id}/messages`, '{"text":"hi","extra":1}')).status).toBe(400);
    expect((await post(`/api/sessions/${session.id}/messages`, "{}")).status).toBe(400);
    expect((await post("/api/sessions/bad%20id/messages", '{"text":"hi"}')).status).toBe(400);
    expect((await post(`/api/sessions/${session.id}/permissions/per_x`, '{"response":"maybe"}')).status).toBe(400);
    expect((await post("/api/sessions", '{"key":""}')).status).toBe(400);
    const missing = await raw(backend, {
      path: "/api/sessions/ses_doesnotexist000/messages",
      headers: bearer(backend),
    });
    expect(missing.status).toBe(404);
    expect(await client.messages(session.id)).toEqual([]);
  });

  it("connects a provider with an API key, and the key is never shown or logged", async () => {
    const key = "sk-turnkey-test-key-0123456789";
    const before = await client.providers();
    expect(before.connected).toContain("stub");
    expect(before.connected).not.toContain("openai");
    const after = await client.setProviderKey("openai", key);
    expect(after.connected).toContain("openai");
    expect(after.providers.find((p) => p.id === "openai")).toMatchObject({ connected: true });
    const listed = await raw(backend, { path: "/api/providers", headers: bearer(backend) });
    expect(listed.body).not.toContain(key);
    const logs = await raw(backend, { path: "/api/logs?limit=1000", headers: bearer(backend) });
    expect(logs.body).not.toContain(key);
  });

  it("checks a key with the provider first: a wrong one is refused in its words, and the default model stays", async () => {
    const modelsBefore = await client.models();
    const refused = await raw(backend, {
      method: "PUT",
      path: "/api/providers/openai/key",
      headers: { ...bearer(backend), "content-type": "application/json" },
      body: JSON.stringify({ key: "wrong-key" }),
    });
    expect(refused.status).toBe(400);
    expect(JSON.parse(refused.body).error).toEqual({
      code: "key_rejected",
      message: expect.stringContaining("refused the key: Incorrect API key provided: wrong-key."),
    });
    await client.setProviderKey("openai", "sk-another-good-key-000000000");
    expect((await client.models()).default).toEqual(modelsBefore.default);
  });
});

describe("chat across restarts", () => {
  it("maps the same key to the same session before and after a sidecar restart and a backend restart", async () => {
    const first = await client.createSession({ key: "ticket-42" });
    expect(first.created).toBe(true);
    expect(first.session.key).toMatch(/^[0-9a-f-]{36}$/);
    const again = await client.createSession({ key: "ticket-42" });
    expect(again).toEqual({ session: first.session, created: false });
    const other = await client.createSession({ key: "ticket-43" });
    expect(other.session.id).not.toBe(first.session.id);
    const concurrent = await Promise.all([1, 2, 3].map(() => client.createSession({ key: "ticket-44" })));
    expect(new Set(concurrent.map((r) => r.session.id)).size).toBe(1);

    await client.sendAndWait(first.session.id, "remember me");
    expect((await client.restart()).state).toBe("running");
    expect((await client.createSession({ key: "ticket-42" })).session.id).toBe(first.session.id);

    await backend.close();
    backend = await bootBackend();
    const afterBackend = await client.createSession({ key: "ticket-42" });
    expect(afterBackend).toMatchObject({ session: { id: first.session.id }, created: false });
    const history = await client.messages(first.session.id);
    expect(history.map((m) => m.text)).toEqual(["remember me", "Echo: remember me"]);
  });

  it("keeps events flowing after the sidecar is killed and restarted", async () => {
    const { session } = await client.createSession();
    const before = backend.supervisor.status().pid!;
    const events = await collectEvents(backend, [session.id]);
    try {
      process.kill(before, "SIGKILL");
      await events.until(
        (all) => all.some((e) => e.event === "status" && e.data.state === "running" && e.data.pid !== before),
        "a new sidecar",
      );
      await client.sendAndWait(session.id, "still there");
      await events.until(isIdle(session.id), "the reply");
      expect(streamedText(events.chat(), session.id)).toBe("Echo: still there");
    } finally {
      events.close();
    }
  });

  it("ends a reply cut by a crash with a chat error for that session", async () => {
    const { session } = await client.createSession();
    const events = await collectEvents(backend, [session.id]);
    try {
      await client.send(session.id, "long one [slow]");
      await events.until(() => streamedText(events.chat(), session.id).includes("tick 1 "), "the reply to start");
      const killed = backend.supervisor.status().pid!;
      process.kill(killed, "SIGKILL");
      await events.until(
        (all) =>
          all.some(
            (e) => e.event === "chat" && e.data.type === "session.error" && e.data.error.name === "SidecarStopped",
          ),
        "the cut-off error",
      );
      const error = events.chat().find((e) => e.type === "session.error");
      expect(error).toMatchObject({ sessionID: session.id, error: { message: expect.stringContaining("cut off") } });
      await events.until(
        (all) => all.some((e) => e.event === "status" && e.data.state === "running" && e.data.pid !== killed),
        "recovery",
      );
    } finally {
      events.close();
    }
  });

  it("refuses a prompt loudly while the sidecar restarts (503 + Retry-After) or is stopped (503)", async () => {
    const { session } = await client.createSession();
    const events = await collectEvents(backend);
    try {
      process.kill(backend.supervisor.status().pid!, "SIGKILL");
      await events.until((all) => all.some((e) => e.event === "status" && e.data.state === "backoff"), "backoff");
      const during = await jsonPost(backend, `/api/sessions/${session.id}/messages`, '{"text":"are you there"}');
      expect(during.status).toBe(503);
      expect(during.json()).toMatchObject({ error: { code: "sidecar_unavailable" } });
      expect(Number(during.headers["retry-after"])).toBeGreaterThanOrEqual(1);

      await client.stop();
      const stopped = await jsonPost(backend, `/api/sessions/${session.id}/messages`, '{"text":"are you there"}');
      expect(stopped.status).toBe(503);
      expect(stopped.headers["retry-after"]).toBeUndefined();
      expect(stopped.json()).toMatchObject({ error: { message: expect.stringContaining("Press Start") } });
      await expect(client.sessions()).rejects.toBeInstanceOf(TurnkeyApiError);

      expect((await client.start()).state).toBe("running");
      expect((await client.messages(session.id)).map((m) => m.text)).not.toContain("are you there");
    } finally {
      events.close();
    }
  });
});
