// Which drive letters the folder browser offers as roots on Windows, found without letting an
// offline network drive eat the backend's file system. Asking a mapped drive makes Windows
// reconnect it (Microsoft KB 297684, "Mapped Drive Connection to Network Share May Be Lost": a
// drive shown disconnected "reconnects" when accessed), and the SMB client waits for its server up
// to its session time-out (Get-SmbClientConfiguration: SessionTimeout, 60 s by default), so an
// access() of a drive letter whose server is gone (a laptop off its VPN) blocks that long. Node runs
// every fs call on libuv's thread pool, 4 threads by default, shared with every other fs and DNS call
// of the process (docs.libuv.org "Thread pool work scheduling"; Node's UV_THREADPOOL_SIZE): a blocked
// probe holds its thread whatever our deadline says. So the probe is bounded: at most
// `maxDriveProbes` in flight, counting those past their deadline that have not returned; a drive
// that did not answer is not asked again for a while (and one still held is never asked twice); no
// probe starts once a round's deadline has passed; a letter not asked keeps its last answer.
import { promises as fs } from "node:fs";
import { systemTimers, type TimerOps, withDeadline } from "@turnkey/sidecar";

/** Below libuv's 4 threads, with the folder listing's own 3 link stats sharing the rest in turn. */
export const maxDriveProbes = 2;
/** How long a drive that did not answer is left out without being asked again. */
export const silentDriveMs = 5 * 60_000;
/** The drives found are reused this long: every listing shows the roots. */
const driveCacheMs = 10_000;

const letters = Array.from({ length: 26 }, (_, i) => `${String.fromCharCode(65 + i)}:\\`);

export interface DriveProbeOptions {
  /** Whether a drive root is there; fs.access by default (a pool thread each, see above). */
  exists?: (root: string) => Promise<boolean>;
  /** How long one drive may take to answer. */
  probeMs?: number;
  /** After this, no probe of the round starts. */
  roundMs?: number;
  timers?: TimerOps;
  now?: () => number;
}

const accessible = (root: string) =>
  fs.access(root).then(
    () => true,
    () => false,
  );

export class DriveProbe {
  /** Probes started and not returned, past their deadline or not: each holds a pool thread. */
  private readonly held = new Set<string>();
  private readonly silentUntil = new Map<string, number>();
  private readonly present = new Set<string>();
  private checkedAt = -Infinity;
  private round: Promise<string[]> | null = null;
  /** The round's scheduler, told when a held probe returns and frees its thread. */
  private wake: () => void = () => undefined;

  constructor(private readonly options: DriveProbeOptions = {}) {}

  private get now(): number {
    return (this.options.now ?? Date.now)();
  }

  /** The drives there, A:\ to Z:\, in order. */
  drives(): Promise<string[]> {
    if (this.now - this.checkedAt < driveCacheMs) return Promise.resolve(this.list());
    this.round ??= this.probeRound().finally(() => {
      this.round = null;
    });
    return this.round;
  }

  private list(): string[] {
    return letters.filter((drive) => this.present.has(drive));
  }

  private async probeRound(): Promise<string[]> {
    const timers = this.options.timers ?? systemTimers;
    const now = this.now;
    const queue = letters.filter((drive) => !this.held.has(drive) && !((this.silentUntil.get(drive) ?? 0) > now));
    let over = false;
    await new Promise<void>((done) => {
      let running = 0; // this round's probes not yet answered or given up on
      const next = () => {
        while (!over && queue.length > 0 && this.held.size < maxDriveProbes) {
          const drive = queue.shift() as string;
          running++;
          void this.probe(drive, timers).then(() => {
            running--;
            next();
          });
        }
        // Every thread is held by a drive that has not answered: the rest keep their last answer.
        const stuck = running === 0 && this.held.size >= maxDriveProbes;
        if (running === 0 && (over || queue.length === 0 || stuck)) {
          timers.clearTimer(deadline);
          this.wake = () => undefined;
          done();
        }
      };
      const deadline = timers.setTimer(() => {
        over = true;
        next();
      }, this.options.roundMs ?? 3_000);
      this.wake = next;
      next();
    });
    this.checkedAt = this.now;
    return this.list();
  }

  /** Settles by the drive's deadline; its thread stays held until the call returns. */
  private probe(drive: string, timers: TimerOps): Promise<void> {
    this.held.add(drive);
    const work = (this.options.exists ?? accessible)(drive).catch(() => false);
    void work.then((there) => {
      this.held.delete(drive);
      if (there) this.present.add(drive);
      else this.present.delete(drive);
      this.wake();
    });
    const late = Symbol("late");
    return withDeadline<boolean | typeof late>(work, this.options.probeMs ?? 1_500, () => late, timers).then(
      (answer) => {
        if (answer !== late) return;
        this.present.delete(drive);
        this.silentUntil.set(drive, this.now + silentDriveMs);
      },
    );
  }
}
