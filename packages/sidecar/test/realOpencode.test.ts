// The supervisor against the real `opencode` binary from the opencode-ai package.
import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { loopbackRequest } from "../src/loopbackHttp.ts";
import { descendantsOf } from "../src/processTable.ts";
import { SidecarSupervisor } from "../src/supervisor.ts";
import { alive, cleanup, processOps, tempDir } from "./harness.ts";
import { isolatedOpencodeEnv, testModelCatalogue } from "./isolatedHome.ts";

afterEach(cleanup);

function realSupervisor() {
  const root = tempDir("turnkey real ö-");
  const supervisor = new SidecarSupervisor({
    dataDir: `${root}/data`,
    cwd: root,
    env: isolatedOpencodeEnv(root),
    binary: { nodeModulesFrom: process.cwd() },
    graceMs: 3_000,
  });
  return supervisor;
}

async function statusOf(url: string, password: string | null) {
  const headers = password === null ? "" : password;
  // A safety net: the answer's status is what counts, and a loaded CI machine can keep opencode busy for seconds.
  const res = await loopbackRequest(url, { path: "/global/health", password: headers, timeoutMs: 30_000 });
  return res.status;
}

describe("real opencode", () => {
  it("starts healthy behind basic auth, restarts with a new pid and password, and stops leaving nothing", async () => {
    const supervisor = realSupervisor();
    try {
      const running = await supervisor.start();
      expect(running, JSON.stringify(supervisor.logs.tail(20))).toMatchObject({
        state: "running",
        binary: { source: "node_modules" },
      });
      expect(running.version).toMatch(/^\d+\.\d+\.\d+/);
      const first = supervisor.connection()!;
      expect(await statusOf(first.url, first.password)).toBe(200);
      expect(await statusOf(first.url, "wrong-password")).toBe(401);
      const noAuth = await fetch(`${first.url}/global/health`);
      expect(noAuth.status).toBe(401);
      expect(await processOps.commandLine(running.pid!)).not.toContain(first.password);

      const tree = [running.pid!, ...descendantsOf(await processOps.list(), running.pid!)];
      const restarted = await supervisor.restart();
      expect(restarted.state).toBe("running");
      expect(restarted.pid).not.toBe(running.pid);
      const second = supervisor.connection()!;
      expect(second.password).not.toBe(first.password);
      expect(await statusOf(second.url, first.password)).toBe(401);
      // Every test's opencode reads the trimmed model catalogue (isolatedHome.ts says why): its
      // providers and no others. If an opencode stops reading it, the run is minutes slower.
      const providers = await loopbackRequest(second.url, {
        path: "/provider",
        password: second.password,
        timeoutMs: 30_000,
      });
      const listed = (JSON.parse(providers.body) as { all: { id: string }[] }).all.map((p) => p.id);
      expect(listed.sort()).toEqual(Object.keys(JSON.parse(readFileSync(testModelCatalogue, "utf8"))).sort());
      expect(tree.filter(alive)).toEqual([]);

      const lastTree = [restarted.pid!, ...descendantsOf(await processOps.list(), restarted.pid!)];
      const stopped = await supervisor.stop();
      expect(stopped.state).toBe("stopped");
      expect(lastTree.filter(alive)).toEqual([]);
      const logText = supervisor.logs
        .tail()
        .map((l) => l.line)
        .join("\n");
      expect(logText).not.toContain(first.password);
      expect(logText).not.toContain(second.password);
    } finally {
      await supervisor.dispose();
    }
  });
});
