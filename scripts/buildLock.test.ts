// The web UI build's lock (review 5, L9): a lock left by a build that died is taken over at once;
// a live owner is waited for with one line that names it, and a build never runs beside another.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { withBuildLock } from "./buildLock.ts";

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function lockWithOwner(pid: number): string {
  const dir = mkdtempSync(join(tmpdir(), "turnkey-build-lock-"));
  made.push(dir);
  const lock = join(dir, "web.lock");
  mkdirSync(lock);
  writeFileSync(join(lock, "owner"), String(pid));
  return lock;
}
/** The pid of a process that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
  return Number(child.stdout);
}

describe("the web UI build's lock", () => {
  it("takes over at once from a build that died, without waiting or a word", () => {
    const lock = lockWithOwner(deadPid());
    const said: string[] = [];
    let ran = 0;
    withBuildLock(lock, "build of the web UI", () => ran++, { say: (line) => said.push(line), deadlineMs: 60_000 });
    expect(ran).toBe(1);
    expect(said).toEqual([]); // waiting would have said so (the old lock waited 5 silent minutes)
    expect(existsSync(lock)).toBe(false);
  });

  it("waits for a live owner, says so once with its pid, and never runs beside it", () => {
    const lock = lockWithOwner(process.ppid);
    const said: string[] = [];
    let ran = 0;
    expect(() =>
      withBuildLock(lock, "build of the web UI", () => ran++, { say: (line) => said.push(line), deadlineMs: 500 }),
    ).toThrow(
      `Another build of the web UI (pid ${process.ppid}) is still running; wait for it, or stop it and try again.`,
    );
    expect(said).toEqual([`Waiting for another build of the web UI (pid ${process.ppid}) to finish…`]);
    expect(ran).toBe(0);
    expect(existsSync(join(lock, "owner"))).toBe(true); // the live owner's lock is left alone
  });

  it("never removes a lock another waiter has just taken over from the same dead build (review 6, L2)", () => {
    const dead = deadPid();
    const lock = lockWithOwner(dead);
    let otherHoldsIt = false;
    let ran = 0;
    // The other waiter's take-over happens between this waiter's read of the dead owner and its
    // removal of the lock (run inside the liveness check, so the interleaving is the same every run).
    const isAlive = (pid: number) => {
      if (pid === dead && !otherHoldsIt) {
        rmSync(lock, { recursive: true, force: true });
        mkdirSync(lock);
        writeFileSync(join(lock, "owner"), String(process.ppid));
        otherHoldsIt = true;
        return false;
      }
      return pid === process.ppid;
    };
    expect(() =>
      withBuildLock(lock, "build of the web UI", () => ran++, { say: () => undefined, deadlineMs: 500, isAlive }),
    ).toThrow(/pid \d+\) is still running/);
    expect(ran).toBe(0); // it waited for the other build instead of building beside it
    expect(readFileSync(join(lock, "owner"), "utf8")).toBe(String(process.ppid)); // the other's lock stands
    expect(existsSync(`${lock}.takeover`)).toBe(false);
  });
});
