// In the Session tab of a chat that is one run of a task: the other runs, to open and compare,
// each with what it is doing; a run cut by a closed window can be tried again from here.
import type { Run } from "./multiRun.ts";
import { RunList } from "./RunList.tsx";
import { groupOf, useRunGroups } from "./runGroups.ts";
import { retry } from "./runLauncher.ts";
import { runStepsFrom } from "./runSteps.ts";
import "./multirun.css";

export function TaskRuns(props: { sessionId: string; onOpen: (run: Run) => void }) {
  const group = groupOf(props.sessionId, useRunGroups());
  if (!group) return null;
  return (
    <section className="task-runs" aria-label="The task's runs">
      <h3>One task, {group.runs.length} models</h3>
      <p className="muted small">This chat is one of the runs of “{group.title}”.</p>
      <RunList
        group={group}
        current={props.sessionId}
        onOpen={props.onOpen}
        onRetry={(index) => void retry(group.id, index, runStepsFrom(group.from.sessionId))}
      />
    </section>
  );
}
