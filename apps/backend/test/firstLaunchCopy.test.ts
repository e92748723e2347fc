// A first launch copies the bundled program (~180 MB) into the managed runtime before OpenCode can
// start. Stop, or a newer start, during that copy must abort it (the start's AbortSignal reaches
// the copy), leave no half-written program to be trusted later, and settle.
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { createTurnkeyClient } from "@turnkey/client";
import { expect, it } from "vitest";
import { posixDescribe } from "../../../packages/sidecar/test/posixOnly.ts";
import { slowCopy } from "../../../packages/sidecar/test/slowCopy.ts";
import { tempDir, testBackend } from "./harness.ts";
import { bundledRuntime } from "./runtimeFixtures.ts";

async function backendCopyingSlowly() {
  const dataDir = tempDir();
  const slow = slowCopy();
  const backend = await testBackend("", {
    dataDir,
    opencodeBin: null,
    bundledBinaryDir: await bundledRuntime("1.0.0"),
    runtimeCopy: slow.copy,
  });
  const client = createTurnkeyClient({ baseUrl: backend.url, token: backend.token });
  return { backend, client, slow, versionsDir: join(dataDir, "runtime", "opencode") };
}

// POSIX: the bundled fixture is Linux's layout (the fake sidecar as a program named opencode, run by
// its shebang); Windows runs only opencode.exe. The abort is the same code on every platform, and
// windows.yml's installed app makes its first copy of the real opencode.exe for real.
posixDescribe("the first launch's copy of the bundled program (POSIX: a Linux-layout fixture)", () => {
  it("is aborted by Stop: the stop settles, nothing half-written stays, and the next start copies it whole", async () => {
    const { client, slow, versionsDir } = await backendCopyingSlowly();
    const starting = client.start().then(
      (status) => status.state,
      (error: unknown) => error,
    );
    await slow.started;
    expect((await client.status()).preparing).toMatchObject({ progress: expect.any(Number) });
    expect(await client.stop()).toMatchObject({ state: "stopped" });
    await slow.aborted;
    // The start settles too, saying OpenCode is stopped (a 503 with a sentence).
    expect(await starting).toMatchObject({ httpStatus: 503, sidecarStatus: { state: "stopped" } });
    expect(existsSync(join(versionsDir, "1.0.0"))).toBe(false);
    expect(readdirSync(versionsDir)).toEqual([]); // nor its staging folder
    expect(await client.start()).toMatchObject({ state: "running", binary: { source: "managed" } });
    expect(slow.calls).toBe(2);
    expect(readdirSync(versionsDir)).toEqual(["1.0.0"]);
  });

  it("is aborted by a newer start (Restart), which then copies it and runs", async () => {
    const { client, slow } = await backendCopyingSlowly();
    const starting = client.start();
    await slow.started;
    expect(await client.restart()).toMatchObject({ state: "running", binary: { source: "managed" } });
    await slow.aborted;
    await starting;
    expect(slow.calls).toBe(2);
  });
});
