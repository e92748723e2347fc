// The git watchdog ends, when its backend dies, exactly the git that backend started and that
// still runs: not another live backend's (the record folder is shared by every backend of the
// user, review 7 L1), not a git that already ended, and nothing at a clean close.
import { type ChildProcess, spawn } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { GitWatchdog } from "./gitWatchdog.ts";

const spawned: ChildProcess[] = [];
afterEach(() => {
  for (const child of spawned.splice(0)) if (child.pid) void kill(child.pid);
});
const kill = (pid: number) => {
  try {
    process.kill(-pid, "SIGKILL");
  } catch {
    // already gone
  }
};

/** A stand-in for a git: a process leading its own group, as runGit starts git. */
function standIn(): ChildProcess & { pid: number } {
  const child = spawn("sleep", ["300"], { detached: true, stdio: "ignore" });
  spawned.push(child);
  return child as ChildProcess & { pid: number };
}
const ended = (child: ChildProcess) =>
  new Promise<NodeJS.Signals | null>((resolve) => child.once("exit", (_code, signal) => resolve(signal)));
const alive = (child: ChildProcess) => child.exitCode === null && child.signalCode === null;
/** The watchdog's sh, to see it exit (the backend never waits on it). */
const shOf = (watchdog: GitWatchdog) => (watchdog as unknown as { child: ChildProcess }).child;

describe.skipIf(process.platform === "win32")("the git watchdog", () => {
  it("ends its own backend's running git when the backend dies, and nobody else's", async () => {
    const watchdog = new GitWatchdog();
    watchdog.ensure();
    const mine = standIn();
    const finished = standIn();
    const anotherBackends = standIn();
    watchdog.watch(mine.pid);
    watchdog.watch(finished.pid);
    watchdog.forget(finished.pid);
    watchdog.watch(1); // never a real git's pid: would be every process of the user
    const sh = shOf(watchdog);
    const shExited = ended(sh);
    // The backend's death, as the watchdog sees it: its pipe closes without "done".
    sh.stdin?.destroy();
    expect(await ended(mine)).toBe("SIGTERM");
    await shExited;
    expect(alive(anotherBackends)).toBe(true);
    expect(alive(finished)).toBe(true);
  });

  it("ends nothing at a clean close: close() has ended its git itself", async () => {
    const watchdog = new GitWatchdog();
    watchdog.ensure();
    const running = standIn();
    watchdog.watch(running.pid);
    const shExited = ended(shOf(watchdog));
    watchdog.stop();
    await shExited;
    expect(alive(running)).toBe(true);
  });

  it("tells a watchdog started after the last one died what still runs", async () => {
    const watchdog = new GitWatchdog();
    watchdog.ensure();
    const running = standIn();
    watchdog.watch(running.pid);
    const first = shOf(watchdog);
    const firstExited = ended(first);
    first.kill("SIGKILL");
    await firstExited;
    watchdog.ensure();
    const second = shOf(watchdog);
    expect(second).not.toBe(first);
    second.stdin?.destroy();
    expect(await ended(running)).toBe("SIGTERM");
  });
});
