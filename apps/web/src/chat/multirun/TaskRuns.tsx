// In the Session tab of a chat that is one run of a task, or started one: the task's runs, to
// open and compare, each with what it is doing and, asked, what it changed (one run's changes brought
// back, the worktrees removed: useRunCompare.tsx); a run cut by a closed window can be tried again
// from here.
import { useMemo } from "react";
import type { Run, RunGroup } from "./multiRun.ts";
import { RunList } from "./RunList.tsx";
import { groupsOf, useRunGroups } from "./runGroups.ts";
import { retry } from "./runLauncher.ts";
import { runStepsFrom } from "./runSteps.ts";
import { compareSourceFrom, useRunCompare } from "./useRunCompare.tsx";
import "./multirun.css";

/** A chat that started many tasks lists the newest; the older ones stay in their runs' chats. */
const shownTasks = 3;

export function TaskRuns(props: { sessionId: string; onOpen: (run: Run) => void }) {
  const groups = groupsOf(props.sessionId, useRunGroups());
  if (groups.length === 0) return null;
  return (
    <>
      {groups.slice(0, shownTasks).map((group) => (
        <TaskSection key={group.id} group={group} sessionId={props.sessionId} onOpen={props.onOpen} />
      ))}
      {groups.length > shownTasks && (
        <p className="muted small">
          {groups.length - shownTasks} older {groups.length - shownTasks === 1 ? "task" : "tasks"} started here: each
          run's chat lists its own.
        </p>
      )}
    </>
  );
}

function TaskSection(props: { group: RunGroup; sessionId: string; onOpen: (run: Run) => void }) {
  const { group } = props;
  const source = useMemo(() => compareSourceFrom(group.from.sessionId), [group.from.sessionId]);
  const compare = useRunCompare(group, source);
  return (
    <section className="task-runs" aria-label={`The runs of ${group.title}`}>
      <h3>One task, {group.runs.length} models</h3>
      <p className="muted small">
        {group.from.sessionId === props.sessionId
          ? `“${group.title}” was started from this chat.`
          : `This chat is one of the runs of “${group.title}”.`}
      </p>
      {compare.bar}
      <RunList
        group={group}
        current={props.sessionId}
        onOpen={props.onOpen}
        onRetry={(index) => void retry(group.id, index, runStepsFrom(group.from.sessionId))}
        more={compare.rowFor}
      />
    </section>
  );
}
