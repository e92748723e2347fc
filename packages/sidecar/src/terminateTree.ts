// Ends a process and everything under it, and returns only when all of it is gone. Written here
// rather than with tree-kill: tree-kill looks the tree up at kill time, so once the root has
// exited its re-parented grandchildren (a bash tool's `sleep`, a dev server) are missed, and it
// does not wait for death. We snapshot the tree first and follow it to the end.
import { descendantsOf, type ProcessOps } from "./processTable.ts";

export interface TerminateOptions {
  ops: ProcessOps;
  /** Ask nicely first (SIGTERM / taskkill without /F), then force after `graceMs`. */
  graceful: boolean;
  graceMs: number;
  /** How long to wait for a forced kill to take effect before giving up and reporting survivors. */
  forceWaitMs?: number;
  pollMs?: number;
  /** The root was started as a process group leader (POSIX `detached`), so the group can be signalled. */
  processGroup?: boolean;
  sleep?: (ms: number) => Promise<void>;
}

export interface TerminateResult {
  /** Every pid that belonged to the tree. */
  members: number[];
  forced: boolean;
  /** Pids still alive at the end: should always be empty; reported, never hidden. */
  survivors: number[];
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function terminateTree(rootPid: number, options: TerminateOptions): Promise<TerminateResult> {
  const { ops } = options;
  const sleep = options.sleep ?? realSleep;
  const pollMs = options.pollMs ?? 25;
  const members = new Set<number>([rootPid, ...descendantsOf(await ops.list(), rootPid)]);
  const alive = () => [...members].filter((pid) => ops.isAlive(pid));

  // New children can appear while we wait (a shell forking); adopt them before each look.
  const refresh = async () => {
    const live = alive();
    if (live.length === 0) return live;
    const entries = await ops.list();
    for (const pid of live) for (const child of descendantsOf(entries, pid)) members.add(child);
    return alive();
  };

  const waitUntilGone = async (ms: number) => {
    const deadline = Date.now() + ms;
    let live = alive();
    while (live.length > 0 && Date.now() < deadline) {
      await sleep(pollMs);
      live = await refresh();
    }
    return live;
  };

  if (options.graceful) {
    if (ops.platform === "win32") {
      await ops.run("taskkill", ["/PID", String(rootPid), "/T"]);
    } else {
      if (options.processGroup) ops.signal(-rootPid, "SIGTERM");
      for (const pid of alive()) ops.signal(pid, "SIGTERM");
    }
    if ((await waitUntilGone(options.graceMs)).length === 0) {
      return { members: [...members], forced: false, survivors: [] };
    }
  }

  const live = await refresh();
  if (ops.platform === "win32") {
    // /T from each live member: a member whose parent died is no longer under the root.
    for (const pid of live) if (ops.isAlive(pid)) await ops.run("taskkill", ["/PID", String(pid), "/T", "/F"]);
  } else {
    if (options.processGroup) ops.signal(-rootPid, "SIGKILL");
    for (const pid of live) ops.signal(pid, "SIGKILL");
  }
  const survivors = await waitUntilGone(options.forceWaitMs ?? 5_000);
  return { members: [...members], forced: true, survivors };
}
