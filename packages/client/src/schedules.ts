// The scheduled-tasks part of the typed client: list, make, change, remove, run now. Every answer
// is the whole list, as the `schedules` event carries it. Spread into createTurnkeyClient.
import { type ScheduleSettings, SchedulesResponse } from "@turnkey/contracts";
import type { Http } from "./http.ts";
import type { Call } from "./workbench.ts";

export function scheduleMethods(http: Http, call: Call) {
  const task = (id: string) => `api/schedules/${encodeURIComponent(id)}`;
  return {
    schedules: () => call(SchedulesResponse, http.get("api/schedules")),
    createSchedule: (settings: ScheduleSettings) =>
      call(SchedulesResponse, http.post("api/schedules", { json: settings })),
    updateSchedule: (id: string, settings: ScheduleSettings) =>
      call(SchedulesResponse, http.put(task(id), { json: settings })),
    removeSchedule: (id: string) => call(SchedulesResponse, http.delete(task(id))),
    runSchedule: (id: string) => call(SchedulesResponse, http.post(`${task(id)}/run`, { json: {} })),
  };
}
