// One time budget per git action (a commit, a push, the tab's read), that each of its steps'
// deadlines is cut to. git's deadlines are per call, and an action is several calls (a commit is
// four reads, add, commit with its hooks and a read again): without a budget they add up to
// minutes, past any timeout of the person's window (review 5, L5). A step past the budget is ended
// with its tree before the answer goes, so nothing git started lands after the person was told.
export class GitBudget {
  private readonly endsAt: number;

  constructor(
    /** The whole budget, as the timeout's sentence names it. */
    readonly totalMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.endsAt = now() + totalMs;
  }

  /** What is left of the budget; 0 once it is spent. */
  leftMs(): number {
    return Math.max(0, this.endsAt - this.now());
  }

  /**
   * A step's deadline: its own, cut to what is left. `reportMs` is the duration its timeout names:
   * the step's own when the step's deadline ends it, the whole budget when the budget does.
   */
  cut(stepMs: number): { deadlineMs: number; reportMs: number } {
    const left = this.leftMs();
    return left < stepMs ? { deadlineMs: left, reportMs: this.totalMs } : { deadlineMs: stepMs, reportMs: stepMs };
  }
}
