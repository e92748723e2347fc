// Hundreds of start/stop/restart requests at once, while the process table is sampled: at no
// moment may two sidecars exist, and the final state must be the last request's.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startBackend } from "../apps/backend/src/startBackend.ts";
import { fakeOpencode } from "../packages/sidecar/test/harness.ts";
import { processesMatching, recordFigures, sampleProcessTable, settings } from "./harness.ts";

const root = mkdtempSync(join(tmpdir(), "turnkey-chaos-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const actions = ["start", "stop", "restart"] as const;
const randomActions = (n: number) => Array.from({ length: n }, () => actions[Math.floor(Math.random() * 3)]!);
/** Sidecar roots only (the fake's `serve` command line), not their helpers. */
const needle = `${fakeOpencode} serve`;
const sidecars = async () => (await processesMatching(needle)).length;

describe("concurrency", () => {
  it(`${settings.concurrentRequests} concurrent requests never make two sidecars, and the last one wins`, async () => {
    const backend = await startBackend({
      dataDir: join(root, "data"),
      opencodeBin: fakeOpencode,
      autostart: false,
      uiDir: null,
      supervisor: { env: { FAKE_OPENCODE: "slow-start=30" }, graceMs: 300 },
      // This test is about lifecycle requests racing, not the connection cap (resourceLimits.test.ts
      // covers that): every one of the requests gets its own connection at once.
      http: { maxConnections: settings.concurrentRequests + 16 },
    });
    try {
      // In process, fired in one tick: the order is known, so the expected end state is too.
      const ordered = randomActions(settings.concurrentRequests);
      const sampler = await sampleProcessTable(needle);
      const results = await Promise.all(ordered.map((action) => backend.supervisor[action]()));
      const inProcess = await sampler.stop();
      const expected = ordered.at(-1) === "stop" ? "stopped" : "running";
      expect(backend.supervisor.status().state).toBe(expected);
      expect(results.at(-1)?.state).toBe(expected);
      expect(inProcess.worst, JSON.stringify(inProcess.seen)).toBeLessThanOrEqual(1);

      // Over HTTP, all at once: arrival order is up to the network, the invariant is not.
      const overHttp = randomActions(settings.concurrentRequests);
      const httpSampler = await sampleProcessTable(needle);
      const answers = await Promise.all(
        overHttp.map((action) =>
          fetch(`${backend.url}/api/sidecar/${action}`, {
            method: "POST",
            headers: { authorization: `Bearer ${backend.token}`, "content-type": "application/json" },
          }).then(async (r) => ({
            action,
            code: r.status,
            body: (await r.json()) as { state?: string; status?: { state: string } },
          })),
        ),
      );
      const http = await httpSampler.stop();
      expect(http.worst, JSON.stringify(http.seen)).toBeLessThanOrEqual(1);
      // A start or restart overtaken by a later stop answers 503 with the stopped status: honest.
      for (const answer of answers) {
        if (answer.code === 200) continue;
        expect(answer).toMatchObject({ code: 503, body: { status: { state: "stopped" } } });
        expect(answer.action).not.toBe("stop");
      }
      const settled = backend.supervisor.status().state;
      expect(["running", "stopped"]).toContain(settled);
      expect(await sidecars()).toBe(settled === "running" ? 1 : 0);

      recordFigures("concurrency", {
        requests: ordered.length + overHttp.length,
        overtakenStartsAnswered503: answers.filter((a) => a.code === 503).length,
        processTableSamples: inProcess.samples + http.samples,
        mostSidecarsAtOnce: Math.max(inProcess.worst, http.worst),
        lastRequestWon: true,
      });
    } finally {
      await backend.close();
    }
  });
});
