// A Stop or Restart while opencode is still loading a folder (the status window's first requests
// do that right after launch) must not leave the next opencode waiting on the old one's lock.
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { isolatedOpencodeEnv } from "../../../packages/sidecar/test/isolatedHome.ts";
import { type Backend, startBackend } from "../src/startBackend.ts";
import { type StubProvider, startStubProvider } from "./stubProvider.ts";

let backend: Backend | undefined;
let stub: StubProvider | undefined;
const root = mkdtempSync(join(tmpdir(), "turnkey restart-"));
afterAll(async () => {
  await backend?.close();
  await stub?.close();
  rmSync(root, { recursive: true, force: true });
});

it("answers after a restart made while opencode was loading the folder", async () => {
  stub = await startStubProvider();
  backend = await startBackend({
    dataDir: join(root, "data"),
    workdir: root,
    opencodeConfig: stub.writeOpencodeConfig(root),
    // Unseeded: the lock cut short is the one opencode takes while it installs its plugin package
    // into a fresh config folder.
    supervisor: { env: isolatedOpencodeEnv(root, { seeded: false }) },
  });
  const headers = { authorization: `Bearer ${backend.token}` };
  await backend.supervisor.start();
  // The first call makes opencode load the folder; the restart cuts that load short.
  const loading = fetch(`${backend.url}/api/models`, { headers }).then(
    (r) => r.status,
    () => 0,
  );
  await lockTaken(join(isolatedOpencodeEnv(root, { seeded: false }).XDG_STATE_HOME ?? "", "opencode", "locks"));
  expect((await backend.supervisor.restart()).state).toBe("running");
  await loading;
  // A safety net only: the answer normally takes a second or two; a stale lock made it hang.
  const answer = await fetch(`${backend.url}/api/models`, { headers, signal: AbortSignal.timeout(45_000) });
  expect(answer.status).toBe(200);
}, 90_000);

/** Resolves once opencode holds one of its locks (polled; a deadline, not a timing). */
async function lockTaken(dir: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!(existsSync(dir) && readdirSync(dir).some((name) => name.endsWith(".lock")))) {
    if (Date.now() > deadline) throw new Error(`opencode took no lock in ${dir} within 30 s`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
