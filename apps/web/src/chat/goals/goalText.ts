// The goal's words: its state in a line, its last check, and the notification when it settles.
// Kept apart from the components so the panel, the line above the box and the tray say the same.
import type { Goal, GoalCheck } from "@turnkey/contracts";

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

function seconds(check: GoalCheck): string {
  const s = (check.endedAt - check.startedAt) / 1000;
  return s < 10 ? `${s.toFixed(1)} s` : s < 120 ? `${Math.round(s)} s` : `${Math.round(s / 60)} min`;
}

/** "Last check: failed (exit code 1), 2.1 s". */
export function checkSummary(check: GoalCheck): string {
  if (check.problem) return "Last check: could not run";
  if (check.timedOut) return `Last check: stopped at its time limit, ${seconds(check)}`;
  if (check.exitCode === null) return `Last check: ended before it exited, ${seconds(check)}`;
  return `Last check: ${check.exitCode === 0 ? "passed" : `failed (exit code ${check.exitCode})`}, ${seconds(check)}`;
}

/** The task's first line, short enough for a title. */
export function taskTitle(goal: Pick<Goal, "objective">): string {
  const line = goal.objective.trim().split("\n")[0] ?? "";
  return line.length > 60 ? `${line.slice(0, 59)}…` : line;
}

/** What a notification says of a goal that settled by itself. */
export function goalNews(goal: Goal): { title: string; body: string } {
  const body = `${taskTitle(goal)}\n${goal.status === "passed" ? `${goal.check} passed.` : (goal.note ?? "")}`;
  if (goal.status === "passed") return { title: "Goal reached", body };
  if (goal.status === "gaveUp") return { title: "Goal stopped", body };
  return { title: "Goal paused", body };
}
