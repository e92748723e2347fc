// A wall clock and its timers that move only when the test says: time advanced fires each timer at
// its time; a computer asleep moves the wall clock with no timer firing. For the scheduler and the goals.
export class FakeClock {
  constructor(public nowMs: number) {}
  private timers: { at: number; fire: () => void; id: number }[] = [];
  private nextId = 0;
  readonly delays: number[] = [];
  setTimer = (fire: () => void, ms: number) => {
    const id = this.nextId++;
    this.delays.push(ms);
    this.timers.push({ at: this.nowMs + ms, fire, id });
    return () => {
      this.timers = this.timers.filter((t) => t.id !== id);
    };
  };
  /** Moves time on, firing each timer at its time. */
  advance(ms: number): void {
    const end = this.nowMs + ms;
    for (;;) {
      const next = this.timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!next) break;
      this.timers = this.timers.filter((t) => t !== next);
      this.nowMs = Math.max(this.nowMs, next.at);
      next.fire();
    }
    this.nowMs = end;
  }
  /** The computer slept: the wall clock jumps, no timer fired meanwhile. */
  sleep(ms: number): void {
    this.nowMs += ms;
    for (const timer of this.timers) timer.at += ms;
  }
}
