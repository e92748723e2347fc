// The goals as the window knows them (shared/backendFeed.ts: read once, then each `goals` event),
// so the panel and the line above the box follow a turn, a check and the end without asking
// again. A goal that passes, gives up or pauses by itself while the window is away is a notification.
import { type Goal, type GoalsResponse, goalNews, goalsSettled } from "@turnkey/contracts";
import { api } from "../../shared/api.ts";
import { backendFeed } from "../../shared/backendFeed.ts";
import { notifyIfAway } from "../notifications.ts";

const feed = backendFeed<GoalsResponse>(
  () => api.goals(),
  (before, after) => {
    for (const goal of goalsSettled(before, after)) {
      const news = goalNews(goal);
      notifyIfAway(news.title, news.body, `goal-${goal.sessionID}`);
    }
  },
);

export const publishGoals = feed.publish;

/** The goals (null until read) and the read's error. */
export const useGoals = feed.use;

/** Pause, Resume or a start: the goal answered is shown unless a `goals` event came meanwhile. */
export const goalAnswer = (call: () => Promise<Goal>) =>
  feed.answer(call, (goal, current) => ({
    goals: [...(current?.goals ?? []).filter((g) => g.sessionID !== goal.sessionID), goal],
  }));

/** End: the list answered is shown unless a `goals` event came meanwhile. */
export const goalsAnswer = (call: () => Promise<GoalsResponse>) => feed.answer(call, (list) => list);
