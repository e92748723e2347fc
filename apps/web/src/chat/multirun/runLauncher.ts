// Starts a task's runs and keeps each step in the stored task, outside React: a dialog closed or
// a chat switched mid-launch does not stop it, and the same run is never started twice at once
// in this window.
import { useSyncExternalStore } from "react";
import { type RunGroup, type RunSteps, startRun } from "./multiRun.ts";
import { loadGroups, saveGroup, saveRun } from "./runGroups.ts";

/** Runs being started, and runs of a launch waiting their turn: neither is offered to try again. */
const running = new Set<string>();
const queued = new Set<string>();
let runningSnapshot: ReadonlySet<string> = new Set();
const listeners = new Set<() => void>();
const runKey = (groupId: string, index: number) => `${groupId}/${index}`;

function changed() {
  runningSnapshot = new Set([...running, ...queued]);
  for (const listener of listeners) listener();
}

async function go(groupId: string, index: number, steps: RunSteps): Promise<void> {
  const key = runKey(groupId, index);
  const group = loadGroups().find((g) => g.id === groupId);
  queued.delete(key);
  if (!group || running.has(key)) return changed();
  running.add(key);
  changed();
  try {
    await startRun(group, index, steps, (run) => saveRun(groupId, index, run));
  } finally {
    running.delete(key);
    changed();
  }
}

/** Keeps the task and starts its runs one after another (two worktree adds at once would contend for git's locks). */
export async function launch(group: RunGroup, steps: RunSteps): Promise<void> {
  saveGroup(group);
  for (let i = 0; i < group.runs.length; i++) queued.add(runKey(group.id, i));
  changed();
  for (let i = 0; i < group.runs.length; i++) await go(group.id, i, steps);
}

/** Goes on with one run from the step where it stopped. */
export function retry(groupId: string, index: number, steps: RunSteps): Promise<void> {
  return go(groupId, index, steps);
}

/** The runs being started in this window now or waiting their turn (`<task id>/<index>`). */
export function useRunning(): ReadonlySet<string> {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => runningSnapshot,
  );
}

export { runKey };
