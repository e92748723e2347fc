// The next backend ends what a dead one recorded and left running (the Files tab's git after a
// crash), and nothing else: not what the backend running now started, not a pid that now runs
// another program; a half-written record is removed.
import { spawn } from "node:child_process";
import { existsSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { alive, cleanup, processOps, tempDir } from "../test/harness.ts";
import { reapProcessRecords, writeProcessRecord } from "./processRecords.ts";

afterEach(cleanup);

const started: number[] = [];
afterEach(() => {
  for (const pid of started.splice(0)) if (alive(pid)) process.kill(pid, "SIGKILL");
});

/** A process left running as git is after a crash: its own process group, nobody waiting on it. */
function loose(): number {
  const child = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore", detached: true });
  child.unref();
  started.push(child.pid!);
  return child.pid!;
}

async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ["-e", ""]);
  await new Promise((resolve) => child.once("exit", resolve));
  return child.pid!;
}

describe("reapProcessRecords", () => {
  it("ends what a dead backend recorded, leaves this backend's own, and removes half-written records", async () => {
    const dir = tempDir();
    const orphan = loose();
    const ours = loose();
    const dead = await deadPid();
    writeProcessRecord(dir, { pid: orphan, startedAt: Date.now(), binaryPath: process.execPath, backendPid: dead });
    writeProcessRecord(dir, {
      pid: ours,
      startedAt: Date.now(),
      binaryPath: process.execPath,
      backendPid: process.pid,
    });
    writeFileSync(join(dir, `${orphan + 1}.json.${dead}.tmp`), '{"pid":');

    const outcomes = await reapProcessRecords(dir, processOps);
    expect(outcomes).toEqual([{ action: "reaped", pid: orphan, survivors: [] }]);
    expect(alive(orphan)).toBe(false);
    expect(alive(ours)).toBe(true);
    expect(readdirSync(dir)).toEqual([`${ours}.json`]);
  });

  it("leaves a recorded pid that now runs another program, and clears its record", async () => {
    const dir = tempDir();
    const other = loose();
    writeProcessRecord(dir, { pid: other, startedAt: 0, binaryPath: "/usr/bin/git", backendPid: await deadPid() });
    const [outcome] = await reapProcessRecords(dir, processOps);
    expect(outcome?.action).toBe("cleared");
    expect(alive(other)).toBe(true);
    expect(existsSync(join(dir, `${other}.json`))).toBe(false);
  });

  it("has nothing to do when nothing was ever recorded", async () => {
    expect(await reapProcessRecords(join(tempDir(), "git-running"), processOps)).toEqual([]);
  });
});
