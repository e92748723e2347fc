// A chat or workbench request answers within its deadline when OpenCode's health check answers but
// the call itself never does (opencode waiting on a lock): a 504 with a sentence, not a request
// that waits for ever. The calls it gives up on are closed (none is sent late, none keeps a
// socket). A prompt sent with `?wait=1` is not cut by it.
import { basicAuthHeader } from "@turnkey/sidecar";
import { describe, expect, it } from "vitest";
import type { Backend } from "../src/startBackend.ts";
import { bearer, jsonPost, raw, testBackend } from "./harness.ts";

describe("a call OpenCode never answers", () => {
  it("ends in 504 with what to do, on every route that asks OpenCode, and the sidecar stays up", async () => {
    const backend = await testBackend("hang-api", { sidecarCallDeadlineMs: 300 });
    expect((await backend.supervisor.start()).state).toBe("running");
    for (const path of ["/api/models", "/api/providers", "/api/workbench", "/api/sessions/ses_1/todos"]) {
      const answer = await raw(backend, { path, headers: bearer(backend) });
      expect({ path, status: answer.status }).toEqual({ path, status: 504 });
      expect(answer.json()).toMatchObject({
        error: { code: "sidecar_timeout", message: expect.stringMatching(/did not answer within 300 ms.*try again/) },
      });
    }
    expect((await jsonPost(backend, "/api/sessions/ses_1/abort")).status).toBe(504);
    expect(backend.supervisor.status().state).toBe("running");
  });
});

/** The calls about sessions the fake OpenCode still holds open (not the event stream, not start-up's). */
async function heldCalls(backend: Backend): Promise<string[]> {
  const connection = backend.supervisor.connection();
  if (!connection) throw new Error("OpenCode is not running.");
  const answer = await fetch(`${connection.url}/__fake/open`, {
    headers: { authorization: basicAuthHeader(connection.password) },
  });
  return ((await answer.json()) as string[]).filter((call) => call.includes("/session"));
}

/** Until the fake holds `expected` (a safety deadline only; the abort is immediate). */
async function heldSettles(backend: Backend, expected: (calls: string[]) => boolean): Promise<string[]> {
  const until = Date.now() + 10_000;
  let calls = await heldCalls(backend);
  while (!expected(calls) && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    calls = await heldCalls(backend);
  }
  return calls;
}

describe("what the deadline leaves behind", () => {
  it("a prompt cut by the deadline is never sent later, frees its call, and asks to check before resending", async () => {
    const backend = await testBackend("hang-api", { sidecarCallDeadlineMs: 300 });
    expect((await backend.supervisor.start()).state).toBe("running");
    const prompt = await jsonPost(backend, "/api/sessions/ses_1/messages", JSON.stringify({ text: "deploy it" }));
    expect(prompt.status).toBe(504);
    expect(prompt.json()).toMatchObject({
      error: {
        code: "sidecar_timeout",
        message: expect.stringMatching(/may still have received.*check the chat before/),
      },
    });
    const read = await raw(backend, { path: "/api/sessions/ses_1/messages", headers: bearer(backend) });
    expect(read.status).toBe(504);
    // Both routes were waiting on OpenCode's GET /session/ses_1 (the session's folder); both calls
    // are closed, so the prompt that would follow it is never sent and no socket stays taken.
    expect(await heldSettles(backend, (calls) => calls.length === 0)).toEqual([]);
  });

  it("a prompt with ?wait=1 waits past the deadline; ?wait=0 does not", async () => {
    const backend = await testBackend("hang-api", { sidecarCallDeadlineMs: 300 });
    expect((await backend.supervisor.start()).state).toBe("running");
    const whole = new AbortController();
    let wholeAnswered = false;
    const waiting = fetch(`http://127.0.0.1:${backend.port}/api/sessions/ses_1/messages?wait=1`, {
      method: "POST",
      headers: { ...bearer(backend), "content-type": "application/json" },
      body: JSON.stringify({ text: "hi" }),
      signal: whole.signal,
    }).then(
      () => (wholeAnswered = true),
      () => undefined,
    );
    // It reached OpenCode before the next prompt starts, so its deadline (if it had one) ends first.
    expect(await heldSettles(backend, (calls) => calls.length === 1)).toHaveLength(1);
    const quick = await jsonPost(backend, "/api/sessions/ses_1/messages?wait=0", JSON.stringify({ text: "hi" }));
    expect(quick.status).toBe(504);
    expect((await raw(backend, { path: "/api/health" })).status).toBe(200);
    expect(wholeAnswered).toBe(false);
    whole.abort();
    await waiting;
  });
});
