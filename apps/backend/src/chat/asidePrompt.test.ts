// A question asked aside, against a fake OpenCode that records each call: the session made with
// the mark and told to the relay's list at once, the question sent with every tool off, the
// session deleted after an answer, a failure (the model's error, no text), the deadline (the
// reply stopped first), a question given up on before it was asked (nothing made), and a Stop
// that comes while OpenCode is still making the session (deleted once made, not left behind).
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { LogBuffer, Redactor, type SidecarSupervisor } from "@turnkey/sidecar";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { askAside } from "./asidePrompt.ts";
import { AsideSessions } from "./asideSessions.ts";
import { loadOpencodeSdk } from "./opencodeSdk.ts";

type Reply = (res: ServerResponse, body: Record<string, unknown>) => void | Promise<void>;

// As the backend does before its first request (startBackend's lazy handler).
beforeAll(() => loadOpencodeSdk());

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

/** A fake OpenCode: `create` answers POST /session (after `createMs`), `message` the question, DELETE with `deleteStatus`. */
async function fakeOpencode(options: { message: Reply; createMs?: number; deleteStatus?: number }) {
  const calls: string[] = [];
  const bodies: Record<string, unknown>[] = [];
  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    let text = "";
    for await (const chunk of req) text += chunk;
    const body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    const path = (req.url ?? "").split("?")[0];
    calls.push(`${req.method} ${path}`);
    bodies.push(body);
    const json = (value: unknown) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(value));
    };
    if (req.method === "POST" && path === "/session") {
      await new Promise((resolve) => setTimeout(resolve, options.createMs ?? 0));
      calls.push("made s1");
      return json({ id: "s1", title: body.title, metadata: body.metadata });
    }
    if (req.method === "POST" && path === "/session/s1/message") return options.message(res, body);
    if (req.method === "DELETE" && options.deleteStatus) {
      res.writeHead(options.deleteStatus, { "content-type": "application/json" });
      return res.end(JSON.stringify({ name: "UnknownError", data: { message: "database is locked" } }));
    }
    return json(true);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  closers.push(
    () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const supervisor = {
    logs: new LogBuffer(new Redactor(), 10),
    onStatus: () => () => undefined,
    status: () => ({ state: "running" }),
    connection: () => ({ url, password: "pw", username: "opencode", generation: 1 }),
  } as unknown as SidecarSupervisor;
  return { calls, bodies, supervisor };
}

const answer =
  (parts: unknown[], info: Record<string, unknown> = {}): Reply =>
  (res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ info: { id: "m1", role: "assistant", ...info }, parts }));
  };
const never: Reply = () => new Promise(() => undefined);

const question = { directory: "/work/project", purpose: "commit-message", title: "Writing a commit message" };
const ask = (
  fake: { supervisor: SidecarSupervisor },
  asides: AsideSessions,
  more: { deadlineMs?: number; signal?: AbortSignal } = {},
) =>
  askAside(fake.supervisor, asides, {
    ...question,
    system: "You write git commit messages.",
    text: "the changes",
    deadlineMs: more.deadlineMs ?? 10_000,
    signal: more.signal,
  });
const failure = (call: Promise<unknown>) =>
  call.then(
    () => "answered",
    (e: { httpStatus?: number; code?: string; message: string }) => `${e.httpStatus} ${e.code}: ${e.message}`,
  );

describe("a question asked aside", () => {
  it("makes a marked session, asks with every tool off, tells the relay's list, and deletes it", async () => {
    const fake = await fakeOpencode({
      message: answer([
        { type: "reasoning", text: "thinking" },
        { type: "text", text: "Fix the login\n" },
      ]),
    });
    const asides = new AsideSessions();
    expect(await ask(fake, asides)).toBe("Fix the login");
    expect(fake.calls).toEqual(["POST /session", "made s1", "POST /session/s1/message", "DELETE /session/s1"]);
    expect(fake.bodies[0]).toEqual({ title: "Writing a commit message", metadata: { turnkeyAside: "commit-message" } });
    expect(fake.bodies[1]).toMatchObject({ tools: { "*": false }, system: "You write git commit messages." });
    expect(asides.has("s1")).toBe(true);
  });

  it("says the model's own failure, and an answer with no text, and still deletes the session", async () => {
    const refused = await fakeOpencode({
      message: answer([], { error: { name: "ProviderAuthError", data: { message: "Incorrect API key provided." } } }),
    });
    expect(await failure(ask(refused, new AsideSessions()))).toBe(
      "502 model_failed: The model could not answer: Incorrect API key provided.",
    );
    expect(refused.calls.at(-1)).toBe("DELETE /session/s1");
    const empty = await fakeOpencode({ message: answer([{ type: "text", text: "  " }]) });
    expect(await failure(ask(empty, new AsideSessions()))).toMatch(
      /^502 model_failed: The model answered with no text/,
    );
    expect(empty.calls.at(-1)).toBe("DELETE /session/s1");
  });

  it("gives up at its deadline: the reply is stopped, then the session deleted", async () => {
    const fake = await fakeOpencode({ message: never });
    expect(await failure(ask(fake, new AsideSessions(), { deadlineMs: 200 }))).toBe(
      "504 model_timeout: The model did not answer within 200 ms. Try again, or write it yourself.",
    );
    expect(fake.calls.slice(-2)).toEqual(["POST /session/s1/abort", "DELETE /session/s1"]);
  });

  it("keeps the session it could not delete on the record, for OpenCode's next start, and takes one deleted off", async () => {
    const recorded: string[] = [];
    const record = {
      made: (id: string, dir: string) => recorded.push(`made ${id} ${dir}`),
      gone: (id: string) => recorded.push(`gone ${id}`),
    };
    const deleted = await fakeOpencode({ message: answer([{ type: "text", text: "Fix it" }]) });
    const asides = new AsideSessions();
    asides.record = record;
    await ask(deleted, asides);
    expect(recorded).toEqual(["made s1 /work/project", "gone s1"]);
    recorded.length = 0;
    const stuck = await fakeOpencode({ message: answer([{ type: "text", text: "Fix it" }]), deleteStatus: 500 });
    await ask(stuck, asides);
    expect(stuck.calls.at(-1)).toBe("DELETE /session/s1");
    expect(recorded).toEqual(["made s1 /work/project"]);
  });

  it("asks nothing when given up on before it starts", async () => {
    const fake = await fakeOpencode({ message: never });
    const stop = new AbortController();
    stop.abort();
    expect(await failure(ask(fake, new AsideSessions(), { signal: stop.signal }))).toMatch(/given up on/);
    expect(fake.calls).toEqual([]);
  });

  it("deletes a session OpenCode made after a Stop that came while it was making it", async () => {
    const fake = await fakeOpencode({ message: never, createMs: 150 });
    const asides = new AsideSessions();
    const stop = new AbortController();
    const asked = failure(ask(fake, asides, { signal: stop.signal }));
    await expect.poll(() => fake.calls.length).toBe(1); // POST /session is under way
    stop.abort();
    expect(await asked).toMatch(/given up on/);
    expect(fake.calls).toEqual(["POST /session", "made s1", "POST /session/s1/abort", "DELETE /session/s1"]);
    expect(asides.has("s1")).toBe(true);
  });
});
