// Ends a process and everything under it, and returns only when all of it is gone. Written here
// rather than with tree-kill: tree-kill looks the tree up at kill time, so once the root has
// exited its re-parented grandchildren (a bash tool's `sleep`, a dev server) are missed, and it
// does not wait for death. We snapshot the tree first and follow it to the end; what left the
// tree before the stop is found by the tree's mark (`mark`, POSIX) or held by the job (Windows).
//
// Windows: a console program with no window ignores `taskkill` without /F (it only posts
// WM_CLOSE to windows: learn.microsoft.com/windows-server/administration/windows-commands/taskkill),
// so the polite step there is the caller's `POST /global/dispose`, and the tree is then ended at
// once: TerminateJobObject when the tree has its own job, else `taskkill /T /F` by absolute path.
// Liveness is polled cheaply (signal 0: no helper process); the full process listing, a
// PowerShell process of its own, runs at most once per `relistMs`.
import { descendantsOf, type ProcessOps, windowsSystemPaths } from "./processTable.ts";
import type { ProcessJob } from "./windowsJob.ts";

export interface TerminateOptions {
  ops: ProcessOps;
  /** Ask nicely first (SIGTERM on POSIX), then force after `graceMs`. On Windows, force at once. */
  graceful: boolean;
  graceMs: number;
  /** How long to wait for a forced kill to take effect before giving up and reporting survivors. */
  forceWaitMs?: number;
  /** How often liveness is checked (cheap). */
  pollMs?: number;
  /** At most one full process listing per this many ms (default: 1 s on Windows, where each is a PowerShell; 0 elsewhere). */
  relistMs?: number;
  /** The root was started as a process group leader (POSIX `detached`), so the group can be signalled. */
  processGroup?: boolean;
  /**
   * POSIX: an entry (`NAME=value`) only this tree's processes carry in their environment. A process
   * that left the tree early (a tool's `(sleep 600 &)` or `nohup server &`: re-parented to init,
   * and in a process group of its own when the tool's shell had one) is found by it, where the
   * platform lets us read environments (ops.environment, Linux). Jenkins finds a build's
   * processes the same way (its ProcessTreeKiller's BUILD_ID). Windows needs none: the job holds them.
   */
  mark?: string;
  /** Windows: the job holding the tree, which lists and ends it without PowerShell or taskkill. */
  job?: ProcessJob | null;
  /** How long one read of another process's environment may take (default 200 ms; see markedBy). */
  environmentReadMs?: number;
  /** This process's own environment: a mark found in it is never used (default process.env). */
  ownEnv?: NodeJS.ProcessEnv;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

export interface TerminateResult {
  /** Every pid that belonged to the tree. */
  members: number[];
  forced: boolean;
  /** Pids still alive at the end: should always be empty; reported, never hidden. */
  survivors: number[];
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * `rootPid` null: no root, only the processes carrying `mark` (what a dead sidecar's tools left
 * running; its pid may belong to someone else by now, so neither it nor its group is touched).
 */
export async function terminateTree(rootPid: number | null, options: TerminateOptions): Promise<TerminateResult> {
  const { ops, job } = options;
  const sleep = options.sleep ?? realSleep;
  const now = options.now ?? Date.now;
  const pollMs = options.pollMs ?? 25;
  const windows = ops.platform === "win32";
  const relistMs = options.relistMs ?? (windows ? 1_000 : 0);
  const members = new Set<number>(rootPid === null ? [] : [rootPid]);
  const group = rootPid !== null && options.processGroup === true ? rootPid : null;
  const alive = () => [...members].filter((pid) => ops.isAlive(pid));

  let listedAt = Number.NEGATIVE_INFINITY;
  // A mark this process carries itself (the app was started from a tool or terminal of that
  // sidecar) would name this process's whole family, its siblings included (an Electron app's
  // renderer and GPU processes): no process is ended by such a mark.
  const mark = windows || carries(options.ownEnv ?? process.env, options.mark) ? undefined : options.mark;
  const markedBy = marked(ops, options.environmentReadMs ?? 200, now);
  let markLooked = false;
  // New children can appear while we wait (a shell forking); adopt them, at most once per relistMs.
  const adopt = async (force = false) => {
    if (job) {
      for (const pid of safely(() => job.pids(), [])) members.add(pid);
      return;
    }
    if (!force && now() - listedAt < relistMs) return;
    listedAt = now();
    const entries = await ops.list();
    for (const pid of alive()) for (const child of descendantsOf(entries, pid)) members.add(child);
    // A root that died first (a crash) left its children to init: no longer its descendants, but
    // still in its process group, where the platform says (Linux), and they must be waited for.
    if (group !== null) for (const e of entries) if (e.pgid === group && e.pid !== group) members.add(e.pid);
    // Marked ones: each environment read once per stop, at the first look and before forcing.
    // Never this process nor what it runs under (a backend started from a terminal of an earlier
    // sidecar inherited that sidecar's mark), which a mark could name.
    if (mark && (force || !markLooked)) {
      markLooked = true;
      const ours = ancestorsOf(entries, process.pid);
      const others = entries.map((e) => e.pid).filter((pid) => !members.has(pid) && !ours.has(pid));
      for (const pid of await markedBy(others, mark)) members.add(pid);
    }
  };

  const forced = new Set<number>();
  /** Waits until the tree is gone; once forcing, a member adopted on the way is forced too. */
  const waitUntilGone = async (ms: number, force?: (pids: number[]) => Promise<void>) => {
    const deadline = now() + ms;
    let live = alive();
    while (live.length > 0 && now() < deadline) {
      await sleep(pollMs);
      live = alive();
      if (live.length > 0) {
        await adopt();
        live = alive();
        const fresh = force ? live.filter((pid) => !forced.has(pid)) : [];
        if (force && fresh.length > 0) await force(fresh);
      }
    }
    return live;
  };

  await adopt();
  if (options.graceful && !windows) {
    if (group !== null) ops.signal(-group, "SIGTERM");
    for (const pid of alive()) ops.signal(pid, "SIGTERM");
    if ((await waitUntilGone(options.graceMs)).length === 0) {
      return { members: [...members], forced: false, survivors: [] };
    }
  }

  const force = async (pids: number[]) => {
    for (const pid of pids) forced.add(pid);
    if (windows) {
      const terminated =
        job !== null &&
        job !== undefined &&
        safely(() => {
          job.terminate(1);
          return true;
        }, false);
      if (terminated) return;
      const taskkill = ops.tools?.taskkill ?? windowsSystemPaths().taskkill;
      // /T from each live member: a member whose parent died is no longer under the root.
      for (const pid of pids) if (ops.isAlive(pid)) await ops.run(taskkill, ["/PID", String(pid), "/T", "/F"]);
    } else {
      if (group !== null) ops.signal(-group, "SIGKILL");
      for (const pid of pids) ops.signal(pid, "SIGKILL");
    }
  };
  if (!windows) await adopt(true);
  await force(alive());
  const survivors = await waitUntilGone(options.forceWaitMs ?? 5_000, force);
  return { members: [...members], forced: true, survivors };
}

/** Whether `env` holds the `NAME=value` entry `mark`. */
function carries(env: NodeJS.ProcessEnv, mark: string | undefined): boolean {
  if (!mark) return false;
  const at = mark.indexOf("=");
  return at > 0 && env[mark.slice(0, at)] === mark.slice(at + 1);
}

/**
 * Reads of another process's environment that passed their limit and have not answered yet, by
 * pid. Each holds one of libuv's threads (4 unless UV_THREADPOOL_SIZE says otherwise) until the
 * process lets go of its memory map, and every file read, `dns.lookup` and zlib call of this process
 * waits for those threads: so such a pid is not read again while its read is out, and no read
 * starts while `maxStuckReads` are out (a mark past them is then not looked for in that stop).
 */
const stuckReads = new Set<number>();
const maxStuckReads = 2;
/** The whole look at every process's environment stops after this much, with what it found. */
const markScanBudgetMs = 2_000;

/**
 * The pids among `pids` whose environment holds `mark`. Reading another process's environment
 * takes that process's memory-map lock, so a process stuck holding it (on a dead network mount:
 * what makes `ps` hang) blocks the read for as long as it is stuck. Each read gets `readMs`, the
 * whole look `markScanBudgetMs`, so a stop still signals its tree on time (stuckReads says what a
 * late read still costs).
 */
function marked(ops: ProcessOps, readMs: number, now: () => number) {
  return async (pids: number[], mark: string): Promise<number[]> => {
    const read = ops.environment?.bind(ops);
    if (!read) return [];
    const found: number[] = [];
    const started = now();
    for (const pid of pids) {
      if (stuckReads.has(pid)) continue;
      if (stuckReads.size >= maxStuckReads || now() - started > markScanBudgetMs) break;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const late = new Promise<"late">((resolve) => {
        timer = setTimeout(() => resolve("late"), readMs);
      });
      const reading = read(pid).catch(() => null);
      const env = await Promise.race([reading, late]);
      clearTimeout(timer);
      if (env === "late") {
        stuckReads.add(pid);
        void reading.then(() => stuckReads.delete(pid));
        continue;
      }
      if (env?.includes(mark)) found.push(pid);
    }
    return found;
  };
}

function safely<T>(fn: () => T, fallback: T): T {
  try {
    return fn();
  } catch {
    return fallback;
  }
}

/** `pid` and every parent above it in a process list snapshot. */
function ancestorsOf(entries: readonly { pid: number; ppid: number }[], pid: number): Set<number> {
  const parents = new Map(entries.map((e) => [e.pid, e.ppid]));
  const chain = new Set<number>();
  for (let at: number | undefined = pid; at !== undefined && at > 0 && !chain.has(at); at = parents.get(at))
    chain.add(at);
  return chain;
}
