// Updates under fire: new versions that exit at once, hang after starting, or are killed during
// the health window, in turns, each rolled back by itself with OpenCode running the old version
// again and nothing of the bad one left running; a second update asked meanwhile is refused; a
// good version is then kept and becomes the one later failures go back to. Against a local
// registry of fixture releases (the same as backend/test/runtimeUpdate.test.ts), never the network.
import { join } from "node:path";
import type { RuntimeInfo, SidecarStatus } from "@turnkey/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jsonPost, testBackend } from "../apps/backend/test/harness.ts";
import { bundledRuntime, fakePackage, misbehavingRelease } from "../apps/backend/test/runtimeFixtures.ts";
import { type FakeRegistry, startFakeRegistry } from "../packages/sidecar/test/fakeRegistry.ts";
import { alive, fakeOpencode, tempDir } from "../packages/sidecar/test/harness.ts";
import { processesMatching, recordFigures } from "./harness.ts";

const cycles = Number(process.env.CHAOS_UPDATE_CYCLES ?? 2);
// Long enough for a hang (probes every 100 ms, 200 ms timeout) to show inside it.
const healthWindowMs = 1_500;
type Failure = "exits" | "hangs" | "killed";
const failures: Failure[] = ["exits", "hangs", "killed"];
const badVersion: Record<Failure, string> = { exits: "2.0.1", hangs: "2.0.2", killed: "2.1.0" };

let registry: FakeRegistry;
beforeAll(async () => {
  registry = await startFakeRegistry(
    fakePackage,
    [
      { version: "2.0.0", executable: fakeOpencode },
      { version: "2.0.1", executable: misbehavingRelease("exits", "exit-at-once") },
      { version: "2.0.2", executable: misbehavingRelease("hangs", "hang-after=50") },
      { version: "2.1.0", executable: fakeOpencode },
    ],
    "2.0.0",
  );
});
afterAll(() => registry?.close());

interface Refusal {
  error: { code: string; message: string };
  runtime: RuntimeInfo;
}

describe("updates under fire", () => {
  it(`rolls back ${(cycles + 1) * failures.length} failed updates by itself, OpenCode running the old version each time`, async () => {
    const dataDir = tempDir("turnkey-chaos-updates-");
    const backend = await testBackend("", {
      dataDir,
      opencodeBin: null,
      bundledBinaryDir: await bundledRuntime("1.0.0"),
      runtimeUpdates: { registry: registry.url, packageName: fakePackage, healthWindowMs },
    });
    const programOf = (version: string) => join(dataDir, "runtime", "opencode", version, "opencode");
    // "killed": the new version is SIGKILLed as soon as it runs, inside its health window.
    let killNext: string | null = null;
    backend.supervisor.onStatus((s: SidecarStatus) => {
      if (killNext && s.state === "running" && s.pid && s.binary?.path === programOf(killNext)) {
        killNext = null;
        process.kill(s.pid, "SIGKILL");
      }
    });
    const rollbacks: Record<Failure, number> = { exits: 0, hangs: 0, killed: 0 };
    let refusedWhileBusy = 0;

    const failOnce = async (failure: Failure, current: string) => {
      const bad = badVersion[failure];
      if (failure === "killed") killNext = bad;
      const restarting = new Promise<void>((resolve) => {
        const off = backend.supervisor.onStatus((s: SidecarStatus) => {
          if (s.state === "running") return;
          off();
          resolve();
        });
      });
      const pending = jsonPost(backend, "/api/runtime/update", JSON.stringify({ version: bad }));
      await restarting;
      const meanwhile = await jsonPost(backend, "/api/runtime/update", JSON.stringify({ version: "2.0.0" }));
      const answer = await pending;
      // Only one update at a time: the second is refused and changes nothing.
      expect(meanwhile.status).toBe(409);
      refusedWhileBusy++;
      expect(answer.status).toBe(503);
      const body = answer.json() as Refusal;
      expect(body.error.code).toBe("update_rolled_back");
      expect(body.error.message).toMatch(
        new RegExp(
          `^OpenCode ${bad.replaceAll(".", "\\.")} was not kept because .* Went back to ${current.replaceAll(".", "\\.")}, which is running again\\.$`,
        ),
      );
      expect(body.runtime.active).toBe(current);
      const status = backend.supervisor.status();
      expect(status.state).toBe("running");
      expect(status.binary?.path).toBe(programOf(current));
      expect(alive(status.pid)).toBe(true);
      // Nothing of the bad version is left running.
      expect(await processesMatching(join("runtime", "opencode", bad, "opencode"))).toEqual([]);
      rollbacks[failure]++;
    };

    expect((await jsonPost(backend, "/api/sidecar/start")).status).toBe(200);
    for (let cycle = 0; cycle < cycles; cycle++) {
      for (const failure of failures) await failOnce(failure, "1.0.0");
    }
    // A good version is kept, and later failures go back to it.
    const kept = await jsonPost(backend, "/api/runtime/update", JSON.stringify({ version: "2.0.0" }));
    expect(kept.status).toBe(200);
    expect(backend.supervisor.status().binary?.path).toBe(programOf("2.0.0"));
    for (const failure of failures) await failOnce(failure, "2.0.0");

    recordFigures("updates", { cycles, healthWindowMs, rollbacks, refusedWhileBusy });
  });
});
