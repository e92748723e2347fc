// Ends the git a backend leaves running when it dies without close() (SIGKILL, a crash, the OOM
// killer) at once, not at the next start: a push that gets through in between would land after the
// app is gone (review 5, L6). A small sh, started with the first git call, waits on a pipe from
// the backend; the kernel closes a dead process's descriptors, so the backend's death is the pipe's
// end of file. sh then ends the process group of every git still recorded (processRecords.ts: one
// `<pid>.json` each, git leads its group), SIGTERM first so git removes its lock files, SIGKILL 2 s
// later. Its own process group, so the Ctrl+C that stops the backend does not stop it first. The
// records stay for the next backend's reaper, which ends whatever this did not (the watchdog killed
// along with the backend). POSIX only: on Windows git is in libuv's kill-on-close job (runGit.ts).
import { type ChildProcess, spawn } from "node:child_process";
import type { Socket } from "node:net";

const script = `read -r _
for f in "$1"/*.json; do
  [ -e "$f" ] || exit 0
  break
done
for signal in TERM KILL; do
  for f in "$1"/*.json; do
    [ -e "$f" ] || continue
    p=\${f##*/}
    kill -s "$signal" -- "-\${p%.json}" 2>/dev/null
  done
  [ "$signal" = TERM ] && sleep 2
done
exit 0`;

export class GitWatchdog {
  private child: ChildProcess | null = null;

  constructor(private readonly recordDir: string) {}

  /** Starts the watchdog if it is not running yet (the first git call of this backend). */
  ensure(): void {
    if (this.child && this.child.exitCode === null && this.child.signalCode === null) return;
    const child = spawn("/bin/sh", ["-c", script, "sh", this.recordDir], {
      stdio: ["pipe", "ignore", "ignore"],
      detached: true,
    });
    child.on("error", () => undefined); // no sh: the next backend's reaper still ends what is left
    child.stdin?.on("error", () => undefined);
    // Neither the watchdog nor its pipe keeps the backend's event loop alive.
    child.unref();
    (child.stdin as Socket | null)?.unref();
    this.child = child;
  }

  /** After close() has ended every git: the watchdog finds no record and exits. */
  stop(): void {
    this.child?.stdin?.end();
    this.child = null;
  }
}
