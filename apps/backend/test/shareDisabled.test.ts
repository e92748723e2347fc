// A project whose own opencode.json says `"share": "disabled"` is respected against the real
// opencode 1.18: our config content sets the user's `share` ("manual" here) above every project's,
// so opencode alone would share the chat; the backend reads the project's own setting, says which
// file turns sharing off, refuses to share with that sentence, and nothing reaches the share
// service (a local stand-in, apps/web/test/shareStub.ts, reached through `enterprise.url`).
// A user whose own choice is "auto" has new chats published by opencode itself, except in such a
// project: their "auto" stays below the project's config, so opencode sees its "disabled".
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { TurnkeyApiError } from "@turnkey/client";
import { sharingOffSentence } from "@turnkey/contracts";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type ShareStub, startShareStub } from "../../web/test/shareStub.ts";
import { type RealBackend, startRealBackend } from "./realBackend.ts";

let stub: ShareStub;
let real: RealBackend;

beforeAll(async () => {
  stub = await startShareStub();
  real = await startRealBackend({
    name: "share disabled",
    prepare: (root) => {
      writeFileSync(join(root, "opencode.json"), JSON.stringify({ share: "disabled" }));
      return { workdir: root };
    },
    // The user's own choice is "manual": it goes in our content, above the project's "disabled".
    opencodeConfig: { enterprise: { url: stub.url }, share: "manual" },
  });
  await real.client.start();
}, 240_000);

afterAll(async () => {
  await real?.close();
  await stub?.close();
});

describe("a project that turns sharing off", () => {
  it("is said to, by its file, and nothing is shared from it", async () => {
    const sessionId = (await real.client.createSession({})).session.id;
    const file = join(real.root, "opencode.json");
    expect(await real.client.shareState(sessionId)).toEqual({
      url: null,
      service: stub.url,
      disabled: true,
      disabledIn: file,
      organisation: null,
      unknownRecipient: null,
    });
    const refused = await real.client.share(sessionId).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(TurnkeyApiError);
    expect((refused as TurnkeyApiError).httpStatus).toBe(400);
    expect((refused as TurnkeyApiError).message).toBe(sharingOffSentence(file));
    expect((await real.client.shareState(sessionId)).url).toBeNull();
    expect(stub.requests).toEqual([]);
  });
});

describe("a user whose own choice is auto-share", () => {
  let autoStub: ShareStub;
  let auto: RealBackend;

  beforeAll(async () => {
    autoStub = await startShareStub();
    auto = await startRealBackend({
      name: "share auto",
      prepare: (root) => {
        // Two sibling projects: one turns sharing off, the other says nothing about it.
        mkdirSync(join(root, "closed"));
        mkdirSync(join(root, "open"));
        writeFileSync(join(root, "closed", "opencode.json"), JSON.stringify({ share: "disabled" }));
        return { workdir: join(root, "closed") };
      },
      opencodeConfig: { enterprise: { url: autoStub.url }, share: "auto" },
    });
    await auto.client.start();
  }, 240_000);

  afterAll(async () => {
    await auto?.close();
    await autoStub?.close();
  });

  it("never has a chat of a project that disables sharing published, while other projects' are", async () => {
    const closed = (await auto.client.createSession({})).session.id;
    const open = (await auto.client.createSession({ directory: join(auto.root, "open") })).session.id;
    const shared = () =>
      autoStub.requests
        .filter((r) => r.method === "POST" && r.path === "/api/share")
        .map((r) => (JSON.parse(r.body) as { sessionID: string }).sessionID);
    // opencode publishes a new chat by itself once it is created: the open project's arrives (and
    // the closed one's, created first on the same path, would have come before it).
    await vi.waitFor(() => expect(shared()).toContain(open), { timeout: 30_000, interval: 50 });
    expect(shared()).toEqual([open]);
    const file = join(auto.root, "closed", "opencode.json");
    expect(await auto.client.shareState(closed)).toMatchObject({ url: null, disabled: true, disabledIn: file });
    expect((await auto.client.shareState(open)).url).toBe(`${autoStub.url}/s/shr1`);
  });
});
