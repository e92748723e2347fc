// The scheduled tasks as the window knows them (shared/backendFeed.ts: read once, then each
// `schedules` event), so the section in any chat's panel shows a run starting and ending. A run
// that fails while the window is away is a notification; one that finishes is told as any reply
// is (useNotifier), so it is not told twice.
import { runsEnded, type SchedulesResponse } from "@turnkey/contracts";
import { api } from "../../shared/api.ts";
import { backendFeed } from "../../shared/backendFeed.ts";
import { notifyIfAway } from "../notifications.ts";

const feed = backendFeed<SchedulesResponse>(
  () => api.schedules(),
  (before, after) => {
    for (const { task, run } of runsEnded(before, after)) {
      if (run.outcome === "failed")
        notifyIfAway(`Scheduled task failed: ${task.name}`, run.message ?? "", `schedule-${task.id}`);
    }
  },
);

export const publishSchedules = feed.publish;

/** The tasks (null until read), the read's error, and `publish` for an answer that holds the list. */
export const useSchedules = feed.use;
