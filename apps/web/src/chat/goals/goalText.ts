// The goal's words: its state in a line and its last check, kept apart from the components so the
// panel and the line above the box say the same. What a notification says is in contracts (the
// tray says it too).
import { formatDuration, type Goal, type GoalCheck } from "@turnkey/contracts";

const turns = (n: number) => (n === 1 ? "1 more turn" : `${n} more turns`);

/** "Working on the task", "Running the check…", "Passed after 2 more turns"… */
export function goalHeadline(goal: Goal): string {
  switch (goal.status) {
    case "working":
      return goal.turns === 0 ? "Working on the task" : `Working: turn ${goal.turns} of ${goal.maxTurns} more`;
    case "checking":
      return "Running the check…";
    case "paused":
      return "Paused";
    case "passed":
      return goal.turns === 0 ? "Passed at the first check" : `Passed after ${turns(goal.turns)}`;
    case "gaveUp":
      return `Stopped: the check still failed after ${turns(goal.turns)}`;
  }
}

const seconds = (check: GoalCheck) => formatDuration(check.endedAt - check.startedAt);

/** "Last check: failed (exit code 1), 2.1 s". */
export function checkSummary(check: GoalCheck): string {
  if (check.problem) return "Last check: could not run";
  if (check.timedOut) return `Last check: stopped at its time limit, ${seconds(check)}`;
  if (check.exitCode === null) return `Last check: ended before it exited, ${seconds(check)}`;
  return `Last check: ${check.exitCode === 0 ? "passed" : `failed (exit code ${check.exitCode})`}, ${seconds(check)}`;
}
