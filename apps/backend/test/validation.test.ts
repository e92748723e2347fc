// Input opencode would not know is refused before anything is written or sent (issue 12 points
// 4 and 5), against the real opencode: provider ids named after Object.prototype members never
// reach auth.json (they once broke /api/providers and /api/models for good), and a bad model is
// refused with a sentence and never sticks to the session.
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTurnkeyClient, type TurnkeyClient } from "@turnkey/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isolatedOpencodeEnv } from "../../../packages/sidecar/test/isolatedHome.ts";
import { type Backend, startBackend } from "../src/startBackend.ts";
import { bearer, jsonPost, raw } from "./harness.ts";
import { type StubProvider, startStubProvider } from "./stubProvider.ts";

let stub: StubProvider;
let root: string;
let backend: Backend;
let client: TurnkeyClient;

beforeAll(async () => {
  stub = await startStubProvider();
  root = mkdtempSync(join(tmpdir(), "turnkey validation-"));
  backend = await startBackend({
    dataDir: join(root, "data"),
    workdir: root,
    uiDir: null,
    autostart: false,
    opencodeConfig: stub.writeOpencodeConfig(root),
    keyCheckBaseUrl: `${stub.url}/v1`,
    supervisor: { env: isolatedOpencodeEnv(root) },
  });
  client = createTurnkeyClient({ baseUrl: backend.url, token: backend.token });
  await client.start();
}, 240_000);

afterAll(async () => {
  await backend?.close();
  await stub?.close();
  rmSync(root, { recursive: true, force: true });
});

const putKey = (id: string) =>
  raw(backend, {
    method: "PUT",
    path: `/api/providers/${id}/key`,
    body: JSON.stringify({ key: "sk-validation-0123456789" }),
    headers: { ...bearer(backend), "content-type": "application/json" },
  });

describe("provider ids", () => {
  it("refuses ids opencode does not list, prototype names included, and writes nothing", async () => {
    for (const id of ["constructor", "toString", "valueOf", "hasOwnProperty", "__proto__", "prototype", "no-such-ai"]) {
      const res = await putKey(id);
      expect(res.status, id).toBe(400);
      expect(res.json(), id).toMatchObject({
        error: { code: "unknown_to_opencode", message: expect.stringContaining("does not know a provider") },
      });
    }
    const auth = join(root, "xdg", "data", "opencode", "auth.json");
    if (existsSync(auth)) expect(readFileSync(auth, "utf8")).not.toMatch(/constructor|toString|valueOf|__proto__/);
    // Listing still works, now and after a restart.
    expect((await raw(backend, { path: "/api/providers", headers: bearer(backend) })).status).toBe(200);
    expect((await raw(backend, { path: "/api/models", headers: bearer(backend) })).status).toBe(200);
    await client.restart();
    expect((await client.providers()).providers.length).toBeGreaterThan(0);
    expect((await client.models()).default).toEqual({ providerID: "stub", modelID: "stub-model" });
  }, 240_000);
});

describe("models", () => {
  it("refuses an unknown model with a sentence, sends nothing, and the session keeps working", async () => {
    const { session } = await client.createSession({});
    const asked = stub.requests.length;
    for (const model of [
      { providerID: "nope", modelID: "stub-model" },
      { providerID: "stub", modelID: "no-such-model" },
      { providerID: "__proto__", modelID: "constructor" },
      { providerID: "stub", modelID: "toString" },
    ]) {
      const res = await jsonPost(
        backend,
        `/api/sessions/${session.id}/messages?wait=1`,
        JSON.stringify({ text: "hi", model }),
      );
      expect(res.status, JSON.stringify(model)).toBe(400);
      expect(res.json()).toMatchObject({
        error: { code: "unknown_to_opencode", message: expect.stringMatching(/nothing was sent/) },
      });
    }
    expect(stub.requests.length).toBe(asked);
    expect(await client.messages(session.id)).toEqual([]);
    // The next plain message is answered: nothing bad stuck to the session.
    expect((await client.sendAndWait(session.id, "still fine")).text).toBe("Echo: still fine");
    // A known model is accepted.
    const chosen = await client.sendAndWait(session.id, "chosen", { providerID: "stub", modelID: "stub-model" });
    expect(chosen.text).toBe("Echo: chosen");
  }, 240_000);

  it("caps the length of model ids (a 900 KB id was once stored)", async () => {
    const { session } = await client.createSession({});
    for (const model of [
      { providerID: "stub", modelID: "m".repeat(900_000) },
      { providerID: "p".repeat(101), modelID: "stub-model" },
    ]) {
      const res = await jsonPost(
        backend,
        `/api/sessions/${session.id}/messages`,
        JSON.stringify({ text: "hi", model }),
      );
      expect(res.status).toBe(400);
      expect(res.json()).toMatchObject({ error: { code: "invalid_request" } });
    }
  });
});
