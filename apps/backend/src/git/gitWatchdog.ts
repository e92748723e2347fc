// Ends the git a backend leaves running when it dies without close() (SIGKILL, a crash, the OOM
// killer) at once, not at the next start: a push that gets through in between would land after the
// app is gone (review 5, L6). A small sh, started with the first git call, reads a pipe from the
// backend: `+<pid>` when a git starts, `-<pid>` when it ended, `done` at a clean close (close()
// has ended every git itself). The kernel closes a dead process's descriptors, so the backend's
// death is the pipe's end of file without `done`; sh then ends the process group of each git it was
// told of and not told had ended (git leads its group), SIGTERM first so git removes its lock
// files, SIGKILL 2 s later. It learns its pids only from its own backend: the record folder
// (processRecords.ts) is shared by every backend of the user (the tray app and each `npm run
// serve`), so ending what the folder names ended another live backend's push, and a file named
// `1.json` there would have been `kill -- -1` (review 7, L1); that folder is the next start's
// reaper's, which checks each record's owner. Its own process group, so the Ctrl+C that stops the
// backend does not stop it first. POSIX only: on Windows git is in the backend's job (gitJob.ts).
import { type ChildProcess, spawn } from "node:child_process";
import type { Socket } from "node:net";

const script = `pids=" "
while IFS= read -r line; do
  case "$line" in
    done) exit 0 ;;
    +*) pids="$pids\${line#+} " ;;
    -*) kept=" "; for p in $pids; do [ "$p" = "\${line#-}" ] || kept="$kept$p "; done; pids=$kept ;;
  esac
done
[ "$pids" = " " ] && exit 0
for signal in TERM KILL; do
  for p in $pids; do
    [ "$p" -gt 1 ] 2>/dev/null && kill -s "$signal" -- "-$p" 2>/dev/null
  done
  [ "$signal" = TERM ] && sleep 2
done
exit 0`;

/** Its $0, so that `ps` (and a test) can tell it apart from another sh. */
export const watchdogName = "turnkey-git-watchdog";

/** A pid the watchdog may end: a real process group, never 0 (its own) or 1 (every process). */
const endable = (pid: number | undefined): pid is number => Number.isSafeInteger(pid) && (pid as number) > 1;

export class GitWatchdog {
  private child: ChildProcess | null = null;
  /** The git running now, told again to a watchdog started after the last one died. */
  private readonly pids = new Set<number>();

  /** Starts the watchdog if it is not running yet (the first git call of this backend). */
  ensure(): void {
    if (this.child && this.child.exitCode === null && this.child.signalCode === null) return;
    const child = spawn("/bin/sh", ["-c", script, watchdogName], {
      stdio: ["pipe", "ignore", "ignore"],
      detached: true,
    });
    child.on("error", () => undefined); // no sh: the next backend's reaper still ends what is left
    child.stdin?.on("error", () => undefined);
    // Neither the watchdog nor its pipe keeps the backend's event loop alive.
    child.unref();
    (child.stdin as Socket | null)?.unref();
    this.child = child;
    for (const pid of this.pids) this.tell(`+${pid}`);
  }

  /** A git of this backend started (its pid leads its process group). */
  watch(pid: number | undefined): void {
    if (!endable(pid)) return;
    this.pids.add(pid);
    this.tell(`+${pid}`);
  }

  /** That git has ended: its pid may now be another process's. */
  forget(pid: number | undefined): void {
    if (!endable(pid) || !this.pids.delete(pid)) return;
    this.tell(`-${pid}`);
  }

  /** After close() has ended every git: the watchdog exits and ends nothing. */
  stop(): void {
    this.child?.stdin?.end("done\n");
    this.child = null;
    this.pids.clear();
  }

  private tell(line: string): void {
    this.child?.stdin?.write(`${line}\n`);
  }
}
