// The scheduled tasks as the window knows them: read once from the backend, then kept current by
// the window's one event stream (ChatApp hands each `schedules` event to `publishSchedules`), so
// the section in any chat's panel shows a run starting and ending without asking again. A run
// that fails while the window is away is a notification; one that finishes is told as any reply
// is (useNotifier), so it is not told twice.
import { runsEnded, type SchedulesResponse } from "@turnkey/contracts";
import { useEffect, useState } from "react";
import { api, errorMessage } from "../../shared/api.ts";
import { notifyIfAway } from "../notifications.ts";

let latest: SchedulesResponse | null = null;
/** Counts the lists published, so a read that an event overtook is not shown over it. */
let published = 0;
const listeners = new Set<(response: SchedulesResponse) => void>();

export function publishSchedules(response: SchedulesResponse): void {
  for (const { task, run } of runsEnded(latest, response)) {
    if (run.outcome === "failed")
      notifyIfAway(`Scheduled task failed: ${task.name}`, run.message ?? "", `schedule-${task.id}`);
  }
  latest = response;
  published += 1;
  for (const listener of listeners) listener(response);
}

/** The tasks (null until read), the read's error, and a way to read again. */
export function useSchedules(reloadKey: unknown) {
  const [response, setResponse] = useState<SchedulesResponse | null>(latest);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    listeners.add(setResponse);
    return () => {
      listeners.delete(setResponse);
    };
  }, []);
  // biome-ignore lint/correctness/useExhaustiveDependencies: reloadKey asks for a fresh read (a reconnect)
  useEffect(() => {
    let current = true;
    const before = published;
    api.schedules().then(
      (next) => {
        if (!current || published !== before) return;
        setError(null);
        publishSchedules(next);
      },
      (failure: unknown) => current && setError(errorMessage(failure)),
    );
    return () => {
      current = false;
    };
  }, [reloadKey]);
  return { response, error, publish: publishSchedules };
}
