// Ends the backend when whatever launched it is gone. `npm run serve` puts npm and a shell
// between the terminal and us; a SIGTERM to npm kills npm and the shell but is not passed on,
// leaving us (and opencode) running, re-parented. Noticing the new parent closes that gap, also
// for a launcher killed with SIGKILL, which no signal handler can see.
export interface ParentWatchOptions {
  getParentPid?: () => number;
  intervalMs?: number;
  onOrphaned: (formerParentPid: number) => void;
}

export function watchParent(options: ParentWatchOptions): () => void {
  const getParentPid = options.getParentPid ?? (() => process.ppid);
  const original = getParentPid();
  const timer = setInterval(() => {
    if (getParentPid() === original) return;
    clearInterval(timer);
    options.onOrphaned(original);
  }, options.intervalMs ?? 500);
  timer.unref();
  return () => clearInterval(timer);
}
