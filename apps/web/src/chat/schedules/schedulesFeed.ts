// The scheduled tasks as the window knows them (shared/backendFeed.ts: read once, then each
// `schedules` event), so the section in any chat's panel shows a run starting and ending. A run
// that fails while the window is away is a notification; one that finishes is told as any reply
// is (useNotifier), so it is not told twice.
import { failedRunNews, runsEnded, type SchedulesResponse } from "@turnkey/contracts";
import { api } from "../../shared/api.ts";
import { backendFeed } from "../../shared/backendFeed.ts";
import { notifyIfAway } from "../notifications.ts";

const feed = backendFeed<SchedulesResponse>(
  () => api.schedules(),
  (before, after) => {
    for (const { task, run } of runsEnded(before, after)) {
      if (run.outcome !== "failed") continue;
      const news = failedRunNews(task, run);
      notifyIfAway(news.title, news.body, `schedule-${task.id}`);
    }
  },
);

export const publishSchedules = feed.publish;

/** The tasks (null until read) and the read's error. */
export const useSchedules = feed.use;

/** An action's answer (the whole list), shown unless a `schedules` event came meanwhile. */
export const schedulesAnswer = (call: () => Promise<SchedulesResponse>) => feed.answer(call, (list) => list);
