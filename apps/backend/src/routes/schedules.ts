// Scheduled tasks: list them, make, change and remove one, run one now. The scheduler
// (schedules/scheduler.ts) keeps and runs them; each change is told to every window as `schedules`.
import { ScheduleSettings } from "@turnkey/contracts";
import type { Hono } from "hono";
import { readJsonBody } from "../apiError.ts";
import type { Schedules } from "../schedules/schedules.ts";
import { answer, badId } from "./chat.ts";

export function scheduleRoutes(app: Hono, schedules: Schedules): void {
  app.get("/api/schedules", (c) => answer(c, async () => c.json(await schedules.list())));
  app.post("/api/schedules", async (c) => {
    const body = await readJsonBody(c, ScheduleSettings);
    if (!body.ok) return body.response;
    return answer(c, async () => c.json((await schedules.get()).create(body.value)));
  });
  app.put("/api/schedules/:id", async (c) => {
    const invalid = badId(c, "id");
    if (invalid) return invalid;
    const body = await readJsonBody(c, ScheduleSettings);
    if (!body.ok) return body.response;
    return answer(c, async () => c.json((await schedules.get()).update(c.req.param("id"), body.value)));
  });
  app.delete("/api/schedules/:id", (c) => {
    const invalid = badId(c, "id");
    if (invalid) return invalid;
    return answer(c, async () => c.json((await schedules.get()).remove(c.req.param("id"))));
  });
  app.post("/api/schedules/:id/run", (c) => {
    const invalid = badId(c, "id");
    if (invalid) return invalid;
    return answer(c, async () => c.json((await schedules.get()).runNow(c.req.param("id"))));
  });
}
