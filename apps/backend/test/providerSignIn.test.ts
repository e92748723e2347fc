// Signing in to a model provider through the backend, with the real opencode and a plugin of the
// test's own (providerOAuthStub.ts) that registers a "code" and an "auto" (device code) sign-in
// for a provider opencode knows (DeepSeek): every provider's state, both flows to the end, each failure as a
// sentence (a refused code, a refused or expired device code, an unreachable provider), cancel,
// disconnect, and the tokens opencode stores never reaching an answer, an event or the log, even
// when a bash tool prints its environment and cats auth.json. One backend for the whole file.

import type { SignInState } from "@turnkey/contracts";
import { afterAll, beforeAll, expect, it } from "vitest";
import { isolatedOpencodeEnv } from "../../../packages/sidecar/test/isolatedHome.ts";
import { collectEvents } from "./eventCollector.ts";
import { signInProviderID as id, type ProviderOAuthStub, startProviderOAuthStub } from "./providerOAuthStub.ts";
import { type RealBackend, startRealBackend } from "./realBackend.ts";

const envKey = "sk-env-key-for-openai-0123456789abcdef";
let oauth: ProviderOAuthStub;
let real: RealBackend;

beforeAll(async () => {
  oauth = await startProviderOAuthStub();
  real = await startRealBackend({
    name: "provider-sign-in",
    opencodeConfig: { ...oauth.opencodeConfig(), permission: { bash: "allow" } },
    env: (root) => ({ ...isolatedOpencodeEnv(root), OPENAI_API_KEY: envKey }),
    backend: { uiDir: null },
  });
  await real.client.start();
}, 180_000);

afterAll(async () => {
  await real?.close();
  await oauth?.close();
});

const provider = async (id: string) => {
  const found = (await real.client.providerConnections()).providers.find((p) => p.id === id);
  if (!found) throw new Error(`no provider ${id}`);
  return found;
};

/** Reads the sign-in's state until it is no longer waiting (safety net: 60 s). */
async function settled(id: string): Promise<SignInState> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const state = await real.client.signInState(id);
    if (state.state !== "waiting" || Date.now() > deadline) return state;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Reads a cancelled sign-in's state until it says what became of a late approval (safety net: 60 s). */
async function saidSomething(id: string): Promise<SignInState> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const state = await real.client.signInState(id);
    if (state.error !== null || Date.now() > deadline) return state;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const refusal = (work: Promise<unknown>) =>
  work.then(
    () => {
      throw new Error("expected a refusal");
    },
    (error: { httpStatus: number; code: string; message: string }) => error,
  );

it("lists every provider with how it is connected and the sign-in methods its plugins offer", async () => {
  const signed = await provider(id);
  expect(signed).toMatchObject({ connected: false, via: null, acceptsKey: true });
  expect((await real.client.models()).providers.some((p) => p.id === id)).toBe(false);
  expect(signed.signIn.map((m) => [m.index, m.label])).toEqual([
    [0, "Sign in with a code"],
    [1, "Sign in with a device code"],
  ]);
  expect(await provider("stub")).toMatchObject({ connected: true, via: "config", signIn: [] });
  expect(await provider("openai")).toMatchObject({ connected: true, via: "env", envSet: ["OPENAI_API_KEY"] });
  const refused = await refusal(real.client.disconnectProvider("openai"));
  expect(refused.code).toBe("not_removable");
  expect(refused.message).toContain("environment variable OPENAI_API_KEY");
  expect(JSON.stringify(await real.client.providerConnections())).not.toContain(envKey);
}, 120_000);

it("signs in with a pasted code: a wrong code is refused with a sentence, the right one connects and adds the models", async () => {
  const started = await real.client.startSignIn(id, { method: 0 });
  expect(started).toMatchObject({ kind: "code", state: "waiting", url: `${oauth.url}/login`, userCode: null });
  const wrong = await refusal(real.client.sendSignInCode(id, "NOT-THE-CODE"));
  expect(wrong.code).toBe("sign_in_refused");
  expect(wrong.message).toContain("refused that code");
  expect((await real.client.signInState(id)).state).toBe("waiting");
  const done = await real.client.sendSignInCode(id, oauth.pageCode);
  expect(done.state).toBe("connected");
  expect(await provider(id)).toMatchObject({ connected: true, via: "signIn" });
  const models = await real.client.models();
  expect(models.providers.find((p) => p.id === id)?.models.length).toBeGreaterThan(0);

  // The tokens opencode stored are provider credentials: a tool that prints its environment and
  // cats auth.json shows them masked in the reply, the stored messages, the events and the log.
  const { session } = await real.client.createSession({});
  const events = await collectEvents(real.backend, [session.id]);
  const snoop = 'env; echo AUTH; cat "$XDG_DATA_HOME/opencode/auth.json"; echo END';
  const reply = await real.client.sendAndWait(session.id, `[tool:bash ${snoop}]`);
  await events.until((all) => JSON.stringify(all).includes("END"), "the tool output in the event stream");
  events.close();
  expect(reply.text).toContain(id); // the tool did read auth.json…
  const everything = [
    reply.text,
    JSON.stringify(await real.client.messages(session.id)),
    JSON.stringify(events.events),
    JSON.stringify(await real.client.logs(1000)),
    JSON.stringify(await real.client.signInState(id)),
    JSON.stringify(await real.client.providerConnections()),
  ].join("\n");
  expect(oauth.tokens.length).toBe(2);
  for (const token of oauth.tokens) expect(everything).not.toContain(token); // …masked
  expect(everything).not.toContain(envKey);

  const after = await real.client.disconnectProvider(id);
  expect(after.providers.find((p) => p.id === id)).toMatchObject({ connected: false, via: null });
}, 180_000);

it("signs in with a device code while OpenCode waits, and says so when it is refused or expires", async () => {
  const started = await real.client.startSignIn(id, { method: 1 });
  expect(started).toMatchObject({
    kind: "auto",
    state: "waiting",
    url: `${oauth.url}/device`,
    userCode: oauth.userCode,
  });
  await oauth.nextPoll();
  expect((await real.client.signInState(id)).state).toBe("waiting");
  oauth.device = "approved";
  expect(await settled(id)).toMatchObject({ state: "connected", error: null });
  expect(await provider(id)).toMatchObject({ connected: true, via: "signIn" });
  await real.client.disconnectProvider(id);

  for (const outcome of ["denied", "expired"] as const) {
    await real.client.startSignIn(id, { method: 1 });
    await oauth.nextPoll();
    oauth.device = outcome;
    const failed = await settled(id);
    expect(failed.state).toBe("failed");
    expect(failed.error).toContain("did not accept the sign-in");
    expect((await provider(id)).connected).toBe(false);
  }
}, 180_000);

it("cancels a sign-in that waits: an approval after the cancel is removed again", async () => {
  await real.client.startSignIn(id, { method: 1 });
  await oauth.nextPoll();
  expect((await real.client.cancelSignIn(id)).state).toBe("cancelled");
  oauth.device = "approved"; // the person approves on the page anyway; opencode stores the tokens
  const state = await saidSomething(id);
  expect(state).toMatchObject({ state: "cancelled", error: expect.stringContaining("removed again") });
  expect((await provider(id)).connected).toBe(false);
}, 120_000);

it("puts back the key saved after a cancel when the sign-in is approved anyway, instead of losing it", async () => {
  await real.client.startSignIn(id, { method: 1 });
  await oauth.nextPoll();
  expect((await real.client.cancelSignIn(id)).state).toBe("cancelled");
  const key = "sk-saved-after-the-cancel-0123456789";
  await real.client.setProviderKey(id, key); // the person chose a key instead
  expect(await provider(id)).toMatchObject({ connected: true, via: "key" });
  oauth.device = "approved"; // …and approves the abandoned page later; opencode stores the tokens over it
  const state = await saidSomething(id);
  expect(state).toMatchObject({ state: "cancelled", error: expect.stringContaining("key was put back") });
  expect(await provider(id)).toMatchObject({ connected: true, via: "key" });
  await real.client.disconnectProvider(id);
}, 120_000);

it("leaves nothing when the provider was disconnected after a cancel and the sign-in is approved anyway", async () => {
  await real.client.startSignIn(id, { method: 1 });
  await oauth.nextPoll();
  expect((await real.client.cancelSignIn(id)).state).toBe("cancelled");
  await real.client.setProviderKey(id, "sk-saved-then-disconnected-0123456789");
  await real.client.disconnectProvider(id); // the person wants nothing connected…
  oauth.device = "approved"; // …and approves the abandoned page later; opencode stores the tokens
  const state = await saidSomething(id);
  expect(state).toMatchObject({ state: "cancelled", error: expect.stringContaining("removed again") });
  expect((await provider(id)).connected).toBe(false); // not the key back, not the late sign-in
}, 120_000);

it("says the provider could not be reached when its sign-in service does not answer", async () => {
  oauth.down = true;
  try {
    const refused = await refusal(real.client.startSignIn(id, { method: 1 }));
    expect(refused.code).toBe("provider_unreachable");
    expect(refused.message).toContain("could not be reached");
  } finally {
    oauth.down = false;
  }
  const unknown = await refusal(real.client.startSignIn(id, { method: 2 }));
  expect(unknown.code).toBe("no_such_method");
}, 120_000);
