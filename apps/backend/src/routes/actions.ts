// Project actions: a chat's project's saved commands and the ones its package.json suggests; save,
// change and remove one; run one in a new terminal of the project folder (actions/projectActions.ts).
import { ActionSettings, RunActionRequest } from "@turnkey/contracts";
import type { Hono } from "hono";
import type { ProjectActions } from "../actions/projectActions.ts";
import { readJsonBody } from "../apiError.ts";
import { answer, badId } from "./chat.ts";

export function actionRoutes(app: Hono, actions: ProjectActions): void {
  app.get("/api/sessions/:id/actions", (c) => {
    const invalid = badId(c, "id");
    if (invalid) return invalid;
    return answer(c, async () => c.json(await actions.list(c.req.param("id"))));
  });
  app.post("/api/sessions/:id/actions", async (c) => {
    const invalid = badId(c, "id");
    if (invalid) return invalid;
    const body = await readJsonBody(c, ActionSettings);
    if (!body.ok) return body.response;
    return answer(c, async () => c.json({ action: await actions.add(c.req.param("id"), body.value) }, 201));
  });
  app.put("/api/sessions/:id/actions/:action", async (c) => {
    const invalid = badId(c, "id", "action");
    if (invalid) return invalid;
    const body = await readJsonBody(c, ActionSettings);
    if (!body.ok) return body.response;
    return answer(c, async () =>
      c.json({ action: await actions.change(c.req.param("id"), c.req.param("action"), body.value) }),
    );
  });
  app.delete("/api/sessions/:id/actions/:action", (c) => {
    const invalid = badId(c, "id", "action");
    if (invalid) return invalid;
    return answer(c, async () => {
      await actions.remove(c.req.param("id"), c.req.param("action"));
      return c.json({ ok: true });
    });
  });
  app.post("/api/sessions/:id/actions/:action/run", async (c) => {
    const invalid = badId(c, "id", "action");
    if (invalid) return invalid;
    const body = await readJsonBody(c, RunActionRequest);
    if (!body.ok) return body.response;
    return answer(c, async () => c.json(await actions.run(c.req.param("id"), c.req.param("action"), body.value), 201));
  });
}
