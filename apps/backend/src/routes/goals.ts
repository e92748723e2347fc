// Goals: list them, start one in a chat, pause, resume and end it. The keeper (goals/goalKeeper.ts)
// runs them; each change is told to every window as `goals`.
import { GoalSettings } from "@turnkey/contracts";
import type { Hono } from "hono";
import { readJsonBody } from "../apiError.ts";
import type { Goals } from "../goals/goals.ts";
import { answer, badId } from "./chat.ts";

export function goalRoutes(app: Hono, goals: Goals): void {
  app.get("/api/goals", (c) => answer(c, async () => c.json(await goals.list())));
  app.post("/api/sessions/:id/goal", async (c) => {
    const invalid = badId(c, "id");
    if (invalid) return invalid;
    const body = await readJsonBody(c, GoalSettings);
    if (!body.ok) return body.response;
    return answer(c, async () => c.json(await (await goals.get()).start(c.req.param("id"), body.value)));
  });
  app.post("/api/sessions/:id/goal/pause", (c) => {
    const invalid = badId(c, "id");
    if (invalid) return invalid;
    return answer(c, async () => c.json((await goals.get()).pause(c.req.param("id"))));
  });
  app.post("/api/sessions/:id/goal/resume", (c) => {
    const invalid = badId(c, "id");
    if (invalid) return invalid;
    return answer(c, async () => c.json((await goals.get()).resume(c.req.param("id"))));
  });
  app.delete("/api/sessions/:id/goal", (c) => {
    const invalid = badId(c, "id");
    if (invalid) return invalid;
    return answer(c, async () => c.json((await goals.get()).remove(c.req.param("id"))));
  });
}
