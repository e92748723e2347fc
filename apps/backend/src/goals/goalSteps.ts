// What a goal does next, as a pure table: given a goal and what just happened (a reply ended, the
// check ended, the user paused), the goal after it and the work to start. The keeper (goalKeeper.ts)
// does the work and feeds its outcomes back here, so every way through the loop is tested without
// OpenCode, a shell or a clock.
import { type Goal, type GoalCheck, goalEnded, pausedByUser, stoppedByUser } from "@turnkey/contracts";

export type GoalEvent =
  /** A reply started in the goal's chat (ours, or one the user sent). */
  | { type: "replyStarted" }
  /** The reply the goal waited for ended. */
  | { type: "replyEnded" }
  | { type: "replyFailed"; message: string; stoppedByUser: boolean }
  /** A reply waits for the user's answer (a permission, a question): `note`; null once answered. */
  | { type: "waiting"; note: string | null }
  /** Check number `serial` ended (an older one, cancelled, is ignored). */
  | { type: "checkEnded"; serial: number; check: GoalCheck }
  | { type: "sendFailed"; message: string }
  | { type: "pause" }
  /** `replying`: a reply is going in the chat now, so the check waits for its end. */
  | { type: "resume"; replying: boolean }
  /** The app started again with this goal working or checking. */
  | { type: "restarted" };

export type GoalWork =
  /** Run the check, as run number `serial`. */
  | { type: "runCheck"; serial: number }
  | { type: "cancelCheck" }
  /** Send this prompt in the goal's chat. */
  | { type: "send"; prompt: string }
  /** Stop the reply going in the chat. */
  | { type: "stopReply" };

export interface GoalStep {
  goal: Goal;
  work: GoalWork[];
}

export const restartedNote =
  "The app closed while this goal was going. Resume runs the check, then goes on while it fails.";

/** The shell a check runs in: Node's `shell: true` (runGit.ts), %ComSpec% being cmd.exe on Windows. */
export function checkShell(platform: NodeJS.Platform = process.platform): string {
  return platform === "win32" ? "cmd.exe" : "/bin/sh";
}

/**
 * The first prompt: the task, and what will happen when the agent stops, naming the shell, since
 * the agent's own may differ (bash, PowerShell) and a check that passes there can fail in sh.
 */
export function firstPrompt(goal: Pick<Goal, "objective" | "check">, platform?: NodeJS.Platform): string {
  return `${goal.objective.trim()}\n\n(This chat has a goal: when you stop, \`${goal.check}\` runs in the project folder by ${checkShell(platform)}, and while it fails you are asked to go on. Run it yourself to see where you are.)`;
}

/** What a check said, as a sentence: how it ended. */
export function checkVerdict(check: GoalCheck, goal: Pick<Goal, "check" | "checkMinutes">): string {
  if (check.problem) return check.problem;
  if (check.timedOut) return `\`${goal.check}\` did not finish within ${goal.checkMinutes} min and was stopped`;
  if (check.exitCode === null) return `\`${goal.check}\` was ended before it exited (by a signal: out of memory?)`;
  return check.exitCode === 0 ? `\`${goal.check}\` passed` : `\`${goal.check}\` failed (exit code ${check.exitCode})`;
}

/** The prompt after a failed check: its output's end, and the task again (a compacted chat may have lost it). */
export function nextTurnPrompt(goal: Goal, check: GoalCheck): string {
  // A fence longer than any run of backticks in the output, so the output cannot close it.
  const fence = "`".repeat(Math.max(3, ...[...check.output.matchAll(/`+/g)].map((m) => m[0].length + 1)));
  const output =
    check.output.trim() === "" ? "It wrote nothing." : `Its output ends with:\n\n${fence}\n${check.output}\n${fence}`;
  return `${checkVerdict(check, goal)}. ${output}\n\nKeep working until \`${goal.check}\` passes. The task:\n\n${goal.objective.trim()}`;
}

const paused = (goal: Goal, note: string): GoalStep => ({ goal: { ...goal, status: "paused", note }, work: [] });

export function goalStep(goal: Goal, event: GoalEvent, now: number): GoalStep {
  const same: GoalStep = { goal, work: [] };
  if (goalEnded(goal.status)) return same;
  const check = (): GoalStep => {
    const serial = goal.checksRun + 1;
    return {
      goal: { ...goal, status: "checking", checksRun: serial, note: null },
      work: [{ type: "runCheck", serial }],
    };
  };
  switch (event.type) {
    case "replyStarted":
      // The user sent a message while the check ran: its result would be of the code before that reply.
      if (goal.status === "checking")
        return { goal: { ...goal, status: "working", note: null }, work: [{ type: "cancelCheck" }] };
      return same;
    case "replyEnded":
      return goal.status === "working" ? check() : same;
    case "replyFailed":
      if (goal.status !== "working") return same;
      return paused(
        goal,
        event.stoppedByUser
          ? stoppedByUser
          : `The reply failed: ${event.message} Resume tries again: the check runs first.`,
      );
    case "waiting":
      return goal.status === "working" && goal.note !== event.note
        ? { goal: { ...goal, note: event.note }, work: [] }
        : same;
    case "sendFailed":
      return goal.status === "working"
        ? paused(goal, `${event.message} Resume tries again: the check runs first.`)
        : same;
    case "checkEnded": {
      if (goal.status !== "checking" || event.serial !== goal.checksRun) return same;
      const result = event.check;
      const withCheck: Goal = { ...goal, lastCheck: result };
      if (result.problem) return paused(withCheck, `The check could not run: ${result.problem} Resume tries again.`);
      if (result.exitCode === 0)
        return { goal: { ...withCheck, status: "passed", note: null, endedAt: now }, work: [] };
      if (goal.turns >= goal.maxTurns) {
        const turns = goal.maxTurns === 1 ? "1 more turn" : `${goal.maxTurns} more turns`;
        return {
          goal: {
            ...withCheck,
            status: "gaveUp",
            endedAt: now,
            note: `${checkVerdict(result, goal)} after ${turns}, so the goal stopped. Read the chat, then start the goal again to go on.`,
          },
          work: [],
        };
      }
      return {
        goal: { ...withCheck, status: "working", turns: goal.turns + 1, note: null },
        work: [{ type: "send", prompt: nextTurnPrompt(goal, result) }],
      };
    }
    case "pause":
      if (goal.status === "paused") return same;
      return {
        goal: { ...goal, status: "paused", note: pausedByUser },
        work: [goal.status === "checking" ? { type: "cancelCheck" } : { type: "stopReply" }],
      };
    case "resume":
      if (goal.status !== "paused") return same;
      return event.replying ? { goal: { ...goal, status: "working", note: null }, work: [] } : check();
    case "restarted":
      return goal.status === "paused" ? same : paused(goal, restartedNote);
  }
}
