// SIGKILL the sidecar at random moments, again and again: while it starts, while idle, while a
// reply streams. Every time it must come back, count the restart, leave nothing of the dead
// tree alive, and keep sessions and history; the backend's fds and memory must stay flat.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTurnkeyClient } from "@turnkey/client";
import type { SidecarStatus } from "@turnkey/contracts";
import { afterAll, describe, expect, it } from "vitest";
import { type Backend, startBackend } from "../apps/backend/src/startBackend.ts";
import { collectEvents, isIdle } from "../apps/backend/test/eventCollector.ts";
import { startStubProvider } from "../apps/backend/test/stubProvider.ts";
import { fakeOpencode } from "../packages/sidecar/test/harness.ts";
import { isolatedOpencodeEnv } from "../packages/sidecar/test/isolatedHome.ts";
import { memorySample, openFds, ops, recordFigures, settings, treeOf } from "./harness.ts";

const roots: string[] = [];
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});
const tempRoot = () => {
  const root = mkdtempSync(join(tmpdir(), "turnkey-chaos-"));
  roots.push(root);
  return root;
};

/** Chaos runs many deaths in a row on purpose: never give up, never wait long. */
const relentless = { backoffBaseMs: 20, backoffMaxMs: 200, maxFailedStarts: 1_000_000, earlyDeathMs: 0 };

function nextStatus(backend: Backend, predicate: (s: SidecarStatus) => boolean, timeoutMs = 60_000) {
  return new Promise<SidecarStatus>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no such status; last ${JSON.stringify(backend.supervisor.status())}`)),
      timeoutMs,
    );
    const check = (status: SidecarStatus) => {
      if (!predicate(status)) return;
      off();
      clearTimeout(timer);
      resolve(status);
    };
    const off = backend.supervisor.onStatus(check);
    check(backend.supervisor.status());
  });
}

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)]!;

/**
 * SIGKILLs the sidecar of `current` and waits for the next one to reach `phase`. By then the
 * whole dead tree must be gone (the supervisor never spawns before): what is left is an orphan.
 */
async function killAndAwaitNext(backend: Backend, current: SidecarStatus, phase: "starting" | "running") {
  const tree = await treeOf(current.pid!);
  process.kill(current.pid!, "SIGKILL");
  const status = await nextStatus(backend, (s) => s.pid !== null && !tree.includes(s.pid) && s.state === phase);
  return { status, orphans: tree.filter((pid) => ops.isAlive(pid)).length };
}

describe("crash cycles", () => {
  it(`survives ${settings.fakeCycles} SIGKILLs of the fake sidecar at random moments`, async () => {
    const backend = await startBackend({
      dataDir: join(tempRoot(), "data"),
      opencodeBin: fakeOpencode,
      autostart: false,
      uiDir: null,
      supervisor: { config: relentless, env: { FAKE_OPENCODE: "slow-start=80,grandchild" }, graceMs: 500 },
    });
    try {
      const client = createTurnkeyClient({ baseUrl: backend.url, token: backend.token });
      let current = await client.start();
      const fdsBefore = openFds();
      const memoryBefore = memorySample();
      // Every 50 kills, so a steady growth shows apart from the first cycles' warm-up.
      const memoryEvery50: ({ kills: number } & ReturnType<typeof memorySample>)[] = [];
      const moments = { start: 0, idle: 0 };
      let orphans = 0;
      let kills = 0;
      for (let cycle = 1; cycle <= settings.fakeCycles; cycle++) {
        // The next instance: kill it while it still starts, or once it runs.
        const moment = cycle === settings.fakeCycles ? "idle" : pick(["start", "idle"] as const);
        moments[moment]++;
        const next = await killAndAwaitNext(backend, current, moment === "start" ? "starting" : "running");
        kills++;
        current = next.status;
        orphans += next.orphans;
        expect(current.restarts).toBe(kills);
        if (kills % 50 === 0) memoryEvery50.push({ kills, ...memorySample() });
      }
      expect(orphans).toBe(0);
      const fdsAfter = openFds();
      const memoryAfter = memorySample();
      expect(fdsAfter - fdsBefore).toBeLessThanOrEqual(5);
      // Nothing may grow per restart: what is kept per generation is bounded (log ring, secrets).
      expect(memoryAfter.heapUsed - memoryBefore.heapUsed).toBeLessThanOrEqual(5);
      recordFigures("crash cycles (fake sidecar)", {
        kills,
        killedWhileStarting: moments.start,
        killedWhileIdle: moments.idle,
        survived: kills,
        orphans,
        fds: { before: fdsBefore, after: fdsAfter },
        rssMiB: { before: memoryBefore.rss, after: memoryAfter.rss },
        heapUsedAfterGcMiB: { before: memoryBefore.heapUsed, after: memoryAfter.heapUsed },
        heapGoal: "heap used after a forced collection: after − before ≤ 5 MiB (the test fails otherwise)",
        // Beside the heap: what V8 reserves, and native memory that JS objects hold.
        heapTotalMiB: { before: memoryBefore.heapTotal, after: memoryAfter.heapTotal },
        externalMiB: { before: memoryBefore.external, after: memoryAfter.external },
        arrayBuffersMiB: { before: memoryBefore.arrayBuffers, after: memoryAfter.arrayBuffers },
        memoryEvery50MiB: memoryEvery50,
      });
    } finally {
      await backend.close();
    }
  });

  it(`survives ${settings.realCycles} SIGKILLs of the real opencode, also mid-reply, keeping history`, async () => {
    const stub = await startStubProvider();
    const root = tempRoot();
    const backend = await startBackend({
      dataDir: join(root, "data"),
      workdir: root,
      uiDir: null,
      autostart: false,
      opencodeConfig: stub.writeOpencodeConfig(root),
      supervisor: { env: isolatedOpencodeEnv(root), config: relentless },
    });
    try {
      const client = createTurnkeyClient({ baseUrl: backend.url, token: backend.token });
      let status = await client.start();
      const { session: kept } = await client.createSession({ key: "chaos-history" });
      await client.sendAndWait(kept.id, "remember this");
      const fdsBefore = openFds();
      const moments = { start: 0, idle: 0, stream: 0 };
      let orphans = 0;
      let cutReplies = 0;
      let kills = 0;
      let moment: keyof typeof moments = "stream";
      for (let cycle = 1; cycle <= settings.realCycles; cycle++) {
        moments[moment]++;
        let events: Awaited<ReturnType<typeof collectEvents>> | null = null;
        let sessionID = "";
        if (moment === "stream") {
          sessionID = (await client.createSession()).session.id;
          events = await collectEvents(backend, [sessionID]);
          await client.send(sessionID, "stream for a while [slow]");
          await events.until(
            (all) => all.some((e) => e.event === "chat" && e.data.type === "text.delta"),
            "the reply to start streaming",
          );
        }
        moment = cycle === settings.realCycles ? "idle" : pick(["start", "idle", "stream"] as const);
        const next = await killAndAwaitNext(backend, status, moment === "start" ? "starting" : "running");
        kills++;
        status = next.status;
        orphans += next.orphans;
        expect(status.restarts).toBe(kills);
        if (events) {
          await events.until(isIdle(sessionID), "the cut reply to end");
          const cut = events.chat().some((e) => e.type === "session.error" && e.error.name === "SidecarStopped");
          expect(cut).toBe(true);
          cutReplies++;
          events.close();
        }
      }
      status = await nextStatus(backend, (s) => s.state === "running");
      expect(orphans).toBe(0);
      expect((await client.createSession({ key: "chaos-history" })).session.id).toBe(kept.id);
      expect((await client.messages(kept.id)).map((m) => m.text)).toEqual(["remember this", "Echo: remember this"]);
      const fdsAfter = openFds();
      expect(fdsAfter - fdsBefore).toBeLessThanOrEqual(5);
      recordFigures("crash cycles (real opencode)", {
        kills,
        survived: kills,
        killedWhileStarting: moments.start,
        killedWhileIdle: moments.idle,
        killedMidReply: moments.stream,
        cutRepliesReported: cutReplies,
        orphans,
        historyIntact: true,
        fds: { before: fdsBefore, after: fdsAfter },
      });
    } finally {
      await backend.close();
      await stub.close();
    }
  });
});
