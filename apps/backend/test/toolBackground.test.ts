// A process a tool of the agent leaves running in the background ends with OpenCode: the bash
// tool's `(sleep … &)` is re-parented to init at once, so it is not under OpenCode when OpenCode
// stops, yet Stop ends it, by the mark every process of that OpenCode carries in its environment
// (terminateTree's `mark`). Linux only: the mark is read from /proc (Windows: the job holds them).
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTurnkeyClient } from "@turnkey/client";
import { processOpsFor } from "@turnkey/sidecar";
import { afterAll, describe, expect, it } from "vitest";
import { isolatedOpencodeEnv } from "../../../packages/sidecar/test/isolatedHome.ts";
import { startBackend } from "../src/startBackend.ts";
import { startStubProvider } from "./stubProvider.ts";

const roots: string[] = [];
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

const ops = processOpsFor();

/** The pids whose command line is exactly `command`. */
async function running(command: string): Promise<number[]> {
  const pids: number[] = [];
  for (const { pid } of await ops.list()) if ((await ops.commandLine(pid)) === command) pids.push(pid);
  return pids;
}

describe.runIf(process.platform === "linux")("a tool's background process", () => {
  it("ends when OpenCode stops, though it left OpenCode's tree when it started", async () => {
    const root = mkdtempSync(join(tmpdir(), "turnkey tool-background-"));
    roots.push(root);
    const stub = await startStubProvider();
    const backend = await startBackend({
      dataDir: join(root, "data"),
      workdir: root,
      uiDir: null,
      autostart: false,
      opencodeConfig: stub.writeOpencodeConfig(root, { permission: { bash: "allow" } }),
      supervisor: { env: isolatedOpencodeEnv(root) },
    });
    // Unlikely to be running for any other reason, and ended here whatever happens.
    const sleeper = `sleep ${600 + (process.pid % 97)}`;
    try {
      const client = createTurnkeyClient({ baseUrl: backend.url, token: backend.token });
      await client.start();
      const { session } = await client.createSession({});
      const reply = await client.sendAndWait(session.id, `[tool:bash (${sleeper} >/dev/null 2>&1 &); echo STARTED]`);
      expect(reply.text).toContain("STARTED");
      const [pid, ...others] = await running(sleeper);
      expect(others).toEqual([]);
      expect(pid).toBeDefined();
      // Re-parented to init (or a subreaper), not under OpenCode.
      const opencode = backend.supervisor.status().pid;
      const [, ppid, pgid] = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
      expect(Number(ppid)).not.toBe(opencode);
      expect(Number(pgid)).not.toBe(opencode); // nor in OpenCode's process group, which Stop signals

      await client.stop();
      expect(ops.isAlive(pid as number)).toBe(false);
    } finally {
      for (const pid of await running(sleeper)) ops.signal(pid, "SIGKILL");
      await backend.close();
      await stub.close();
    }
  }, 120_000);
});
