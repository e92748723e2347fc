// Starts a task's runs and keeps each step in the stored task, outside React: a dialog closed or
// a chat switched mid-launch does not stop it, and the same run is never started twice at once.
// In this window a set says which runs are moving; for other windows (every chat window and tab
// shares the stored tasks) each run names the window starting it, and that window writes a
// heartbeat to localStorage while it starts anything. A run mid-step whose window's heartbeat is
// fresh is moving elsewhere; one whose heartbeat stopped (the window closed) is offered again.
import { useEffect, useState, useSyncExternalStore } from "react";
import { isMidStep, type Run, type RunGroup, type RunSteps, startRun } from "./multiRun.ts";
import { loadGroups, saveGroup, saveRun } from "./runGroups.ts";

/** This window, as the runs it starts name it. */
const thisWindow = `w-${Math.random().toString(36).slice(2, 10)}`;
const heartbeatKey = (window: string) => `turnkey.run-heartbeat.${window}`;
const heartbeatEveryMs = 5_000;
/**
 * No beat for 90 s: the window is gone. Chromium runs a hidden page's timers at most once a minute
 * after five minutes ("intensive throttling", developer.chrome.com/blog/timer-throttling-in-chrome-88),
 * so a shorter limit would offer a live window's runs again. Not a lock: a page the browser froze
 * stops beating, and Try again then finds what that window made (a worktree, a chat, a prompt that arrived).
 */
const heartbeatStaleMs = 90_000;

/** Runs being started, and runs of a launch waiting their turn: neither is offered to try again. */
const running = new Set<string>();
const queued = new Set<string>();
let runningSnapshot: ReadonlySet<string> = new Set();
const listeners = new Set<() => void>();
const runKey = (groupId: string, index: number) => `${groupId}/${index}`;
let beating: ReturnType<typeof setInterval> | null = null;

function beat() {
  try {
    localStorage.setItem(heartbeatKey(thisWindow), String(Date.now()));
  } catch {
    // storage refused: other windows will offer this window's runs again, and Try again finds what was made
  }
}

function changed() {
  runningSnapshot = new Set([...running, ...queued]);
  const busy = runningSnapshot.size > 0;
  if (busy && beating === null) {
    beat();
    beating = setInterval(beat, heartbeatEveryMs);
  } else if (!busy && beating !== null) {
    clearInterval(beating);
    beating = null;
    try {
      localStorage.removeItem(heartbeatKey(thisWindow));
    } catch {
      // nothing to clear
    }
  }
  for (const listener of listeners) listener();
}

/** Whether another window that started a run still lives (its heartbeat is fresh at `now`). */
function windowAlive(window: string, now: number): boolean {
  if (window === thisWindow) return false; // this window's own runs are in `running`
  try {
    const at = Number(localStorage.getItem(heartbeatKey(window)));
    return Number.isFinite(at) && at > 0 && now - at < heartbeatStaleMs;
  } catch {
    return false;
  }
}

async function go(groupId: string, index: number, steps: RunSteps): Promise<void> {
  const key = runKey(groupId, index);
  queued.delete(key);
  const group = loadGroups().find((g) => g.id === groupId);
  const run = group?.runs[index];
  if (!group || !run || running.has(key)) return changed();
  // Started by another window that still lives: it goes on there.
  if (isMidStep(run) && run.owner && windowAlive(run.owner, Date.now())) return changed();
  running.add(key);
  changed();
  try {
    const mine = { ...group, runs: group.runs.map((r, i) => (i === index ? { ...r, owner: thisWindow } : r)) };
    await startRun(mine, index, steps, (next) => saveRun(groupId, index, next));
  } finally {
    running.delete(key);
    changed();
  }
}

/** Keeps the task and starts its runs one after another (two worktree adds at once would contend for git's locks). */
export async function launch(group: RunGroup, steps: RunSteps): Promise<void> {
  saveGroup({ ...group, runs: group.runs.map((r) => ({ ...r, owner: thisWindow })) });
  for (let i = 0; i < group.runs.length; i++) queued.add(runKey(group.id, i));
  changed();
  for (let i = 0; i < group.runs.length; i++) {
    try {
      await go(group.id, i, steps);
    } catch {
      // startRun says every failure in the run itself; a run that could not even be read is left as stored
    }
  }
}

/** Goes on with one run from the step where it stopped. */
export function retry(groupId: string, index: number, steps: RunSteps): Promise<void> {
  return go(groupId, index, steps).catch(() => undefined);
}

/** The runs being started in this window now or waiting their turn (`<task id>/<index>`). */
function useRunning(): ReadonlySet<string> {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => runningSnapshot,
  );
}

/**
 * Whether a run is moving, here or in another window; looked at again every few seconds while a
 * run mid-step belongs to another window, so its window closing shows.
 */
export function useMoving(group: RunGroup): (run: Run, index: number) => boolean {
  const here = useRunning();
  const elsewhere = group.runs.some((r) => isMidStep(r) && r.owner !== undefined && r.owner !== thisWindow);
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    if (!elsewhere) return;
    const timer = setInterval(() => setNow(Date.now()), heartbeatEveryMs);
    return () => clearInterval(timer);
  }, [elsewhere]);
  return (run, index) =>
    here.has(runKey(group.id, index)) || (isMidStep(run) && run.owner !== undefined && windowAlive(run.owner, now));
}
