// Ends the backend when whatever launched it is gone. `npm run serve` puts npm and a shell
// between the terminal and us; a SIGTERM to npm kills npm and the shell but is not passed on,
// leaving us (and opencode) running. A launcher killed with SIGKILL, or Electron's main process
// dying, is seen by no signal handler either. Three ways to notice, whichever comes first:
// - POSIX re-parents an orphan, so `process.ppid` changes.
// - Windows never re-parents: a process keeps the id of the one that created it
//   (PROCESSENTRY32W.th32ParentProcessID, "the identifier of the process that created this
//   process", learn.microsoft.com/windows/win32/api/tlhelp32/ns-tlhelp32-processentry32w), so
//   `process.ppid` never changes. The original parent's pid is checked with signal 0 instead,
//   which Node documents as the test for a process's existence on Windows too.
// - A Node IPC channel (a fork with `process.send`) closes when the parent dies.
import { signalZeroAlive } from "@turnkey/sidecar";

export interface ParentChannel {
  readonly connected?: boolean;
  once(event: "disconnect", listener: () => void): unknown;
  off(event: "disconnect", listener: () => void): unknown;
}

export interface ParentWatchOptions {
  onOrphaned: (formerParentPid: number) => void;
  platform?: NodeJS.Platform;
  getParentPid?: () => number;
  isAlive?: (pid: number) => boolean;
  /** The IPC channel to the parent, when there is one (default: this process, if forked). */
  channel?: ParentChannel | null;
  intervalMs?: number;
}

export function watchParent(options: ParentWatchOptions): () => void {
  const platform = options.platform ?? process.platform;
  const getParentPid = options.getParentPid ?? (() => process.ppid);
  const isAlive = options.isAlive ?? signalZeroAlive;
  const channel = options.channel === undefined ? (process.connected ? process : null) : options.channel;
  const original = getParentPid();
  let done = false;
  const orphaned = () => {
    if (done) return;
    stop();
    options.onOrphaned(original);
  };
  const timer = setInterval(() => {
    const reparented = platform !== "win32" && getParentPid() !== original;
    if (reparented || !isAlive(original)) orphaned();
  }, options.intervalMs ?? 500);
  timer.unref();
  if (channel && channel.connected !== false) channel.once("disconnect", orphaned);
  function stop() {
    done = true;
    clearInterval(timer);
    channel?.off("disconnect", orphaned);
  }
  return stop;
}
