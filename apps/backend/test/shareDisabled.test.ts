// A project whose own opencode.json says `"share": "disabled"` is respected against the real
// opencode 1.18: our config content sets the user's `share` ("manual" here) above every project's,
// so opencode alone would share the chat; the backend reads the project's own setting, says which
// file turns sharing off, refuses to share with that sentence, and nothing reaches the share
// service (a local stand-in, apps/web/test/shareStub.ts, reached through `enterprise.url`).
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { TurnkeyApiError } from "@turnkey/client";
import { sharingOffSentence } from "@turnkey/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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
    });
    const refused = await real.client.share(sessionId).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(TurnkeyApiError);
    expect((refused as TurnkeyApiError).httpStatus).toBe(400);
    expect((refused as TurnkeyApiError).message).toBe(sharingOffSentence(file));
    expect((await real.client.shareState(sessionId)).url).toBeNull();
    expect(stub.requests).toEqual([]);
  });
});
