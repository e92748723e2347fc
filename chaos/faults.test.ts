// The faults peers are known for, forced on purpose: a crash loop, a hung server, a process
// tree that will not die, a backend killed outright.
import { fork } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTurnkeyClient } from "@turnkey/client";
import type { SidecarStatus } from "@turnkey/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Backend, startBackend } from "../apps/backend/src/startBackend.ts";
import { fakeOpencode } from "../packages/sidecar/test/harness.ts";
import { buildDesktop, workerBundle } from "../scripts/buildDesktop.ts";
import { ops, recordFigures, treeOf } from "./harness.ts";

const roots: string[] = [];
const tempRoot = () => {
  const root = mkdtempSync(join(tmpdir(), "turnkey-chaos-"));
  roots.push(root);
  return root;
};
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});
beforeAll(async () => {
  await buildDesktop();
});

async function fakeBackend(modes: string, config: Record<string, number> = {}, graceMs = 300): Promise<Backend> {
  return startBackend({
    dataDir: join(tempRoot(), "data"),
    opencodeBin: fakeOpencode,
    autostart: false,
    uiDir: null,
    supervisor: {
      env: { FAKE_OPENCODE: modes },
      graceMs,
      probeTimeoutMs: 100,
      config: {
        backoffBaseMs: 20,
        backoffMaxMs: 100,
        probeIntervalMs: 100,
        probeAnswerMs: 100,
        startupTimeoutMs: 3_000,
        ...config,
      },
    },
  });
}

const until = async (predicate: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe("faults", () => {
  it("a crash loop ends in failed after the configured attempts, and stays there", async () => {
    const backend = await fakeBackend("exit-at-once", { maxFailedStarts: 4 });
    const spawned = new Set<number>();
    backend.supervisor.onStatus((s: SidecarStatus) => s.pid && spawned.add(s.pid));
    try {
      const status = await backend.supervisor.start();
      expect(status).toMatchObject({ state: "failed", restarts: 3 });
      const attempts = spawned.size;
      // Wait well past the longest backoff: nothing may start again by itself.
      await new Promise((r) => setTimeout(r, 1_000));
      expect(spawned.size).toBe(attempts);
      expect(backend.supervisor.status().state).toBe("failed");
      recordFigures("crash loop", { attempts, finalState: "failed", startsAfterGivingUp: spawned.size - attempts });
    } finally {
      await backend.close();
    }
  });

  it("a SIGSTOPped (hung) sidecar is replaced after the failed probes, and the stopped process is gone", async () => {
    const backend = await fakeBackend("");
    try {
      const first = await backend.supervisor.start();
      process.kill(first.pid!, "SIGSTOP");
      await until(() => {
        const s = backend.supervisor.status();
        return s.state === "running" && s.pid !== first.pid;
      }, "a replacement");
      expect(ops.isAlive(first.pid!)).toBe(false);
      expect(backend.supervisor.status().restarts).toBe(1);
      recordFigures("hang", { hungProcessGone: true, replaced: true });
    } finally {
      await backend.close();
    }
  });

  it("stop ends a 3-level tree of children that all trap SIGTERM", async () => {
    const backend = await fakeBackend("tree=3,ignore-sigterm");
    try {
      const { pid } = await backend.supervisor.start();
      let tree: number[] = [];
      await until(async () => {
        tree = await treeOf(pid!);
        return tree.length >= 4;
      }, "the tree to grow 3 levels deep");
      await backend.supervisor.stop();
      const alive = tree.filter((p) => ops.isAlive(p));
      expect(alive).toEqual([]);
      recordFigures("tree", { processes: tree.length, leftAlive: alive.length });
    } finally {
      await backend.close();
    }
  });

  it("a backend killed with SIGKILL leaves an orphan that the next backend with the same data dir reaps", async () => {
    const dataDir = join(tempRoot(), "data");
    const boot = () => {
      const worker = fork(workerBundle, [], {
        execArgv: [],
        env: {
          ...process.env,
          TURNKEY_DATA_DIR: dataDir,
          TURNKEY_OPENCODE_BIN: fakeOpencode,
          FAKE_OPENCODE: "grandchild",
        },
        stdio: ["ignore", "ignore", "inherit", "ipc"],
      });
      // The launch token travels in main's bootstrap message, never the environment (worker.ts).
      worker.send({ type: "bootstrap", token: "c".repeat(43) });
      const port = new Promise<number>((resolve) => worker.once("message", (m: { port: number }) => resolve(m.port)));
      return { worker, port };
    };
    const first = boot();
    const client = createTurnkeyClient({ baseUrl: `http://127.0.0.1:${await first.port}`, token: "c".repeat(43) });
    const { pid } = await client.start();
    const orphanTree = await treeOf(pid!);
    expect(orphanTree.length).toBeGreaterThanOrEqual(2);
    const dead = new Promise((r) => first.worker.once("exit", r));
    first.worker.kill("SIGKILL");
    await dead;
    expect(orphanTree.every((p) => ops.isAlive(p))).toBe(true); // no one stopped it: an orphan

    const second = boot();
    await second.port; // the reaper runs before the server listens
    const reaped = orphanTree.filter((p) => !ops.isAlive(p)).length;
    try {
      expect(reaped).toBe(orphanTree.length);
      recordFigures("backend killed", { orphanProcesses: orphanTree.length, reapedByNextBackend: reaped });
    } finally {
      const exited = new Promise((r) => second.worker.once("exit", r));
      second.worker.kill("SIGTERM");
      await exited;
    }
  });
});
