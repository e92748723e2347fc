// Session workbench routes: the pickers' choices, changes, todos, undo/redo, forks, compaction, the `@` file finder,
// `/` commands and `!` shell commands. Each is scoped to one session, so each call reaches that session's project.
import {
  CompactRequest,
  ForkRequest,
  RevertRequest,
  RunCommandRequest,
  SetPreferencesRequest,
  ShellRequest,
} from "@turnkey/contracts";
import type { Hono } from "hono";
import { apiError, readJsonBody } from "../apiError.ts";
import type { WorkbenchService } from "../chat/workbenchService.ts";
import { answer, badId, projectQuery } from "./chat.ts";

export function workbenchRoutes(app: Hono, workbench: WorkbenchService): void {
  // A chat not started yet: `?project=ID` lists what that project's folder offers.
  app.get("/api/workbench", (c) => {
    const project = projectQuery(c);
    if (project instanceof Response) return project;
    return answer(c, async () => c.json(await workbench.workbench(null, project)));
  });
  app.get("/api/sessions/:id/workbench", (c) => {
    const invalid = badId(c, "id");
    if (invalid) return invalid;
    return answer(c, async () => c.json(await workbench.workbench(c.req.param("id"))));
  });
  app.put("/api/sessions/:id/preferences", async (c) => {
    const invalid = badId(c, "id");
    if (invalid) return invalid;
    const body = await readJsonBody(c, SetPreferencesRequest);
    if (!body.ok) return body.response;
    return answer(c, async () =>
      c.json({ preferences: await workbench.setPreferences(c.req.param("id"), body.value) }),
    );
  });
  app.get("/api/sessions/:id/changes", (c) => {
    const invalid = badId(c, "id");
    if (invalid) return invalid;
    return answer(c, async () => c.json(await workbench.changes(c.req.param("id"))));
  });
  app.get("/api/sessions/:id/todos", (c) => {
    const invalid = badId(c, "id");
    if (invalid) return invalid;
    return answer(c, async () => c.json({ todos: await workbench.todos(c.req.param("id")) }));
  });
  app.post("/api/sessions/:id/revert", async (c) => {
    const invalid = badId(c, "id");
    if (invalid) return invalid;
    const body = await readJsonBody(c, RevertRequest);
    if (!body.ok) return body.response;
    return answer(c, async () => c.json({ session: await workbench.revert(c.req.param("id"), body.value.messageID) }));
  });
  app.post("/api/sessions/:id/fork", async (c) => {
    const invalid = badId(c, "id");
    if (invalid) return invalid;
    const body = await readJsonBody(c, ForkRequest);
    if (!body.ok) return body.response;
    return answer(c, async () => c.json({ session: await workbench.fork(c.req.param("id"), body.value.messageID) }));
  });
  app.post("/api/sessions/:id/compact", async (c) => {
    const invalid = badId(c, "id");
    if (invalid) return invalid;
    const body = await readJsonBody(c, CompactRequest);
    if (!body.ok) return body.response;
    const sessionID = c.req.param("id");
    return answer(c, async () => {
      await workbench.compact(sessionID, body.value);
      return c.json({ accepted: true, sessionID }, 202);
    });
  });
  app.post("/api/sessions/:id/unrevert", (c) => {
    const invalid = badId(c, "id");
    if (invalid) return invalid;
    return answer(c, async () => c.json({ session: await workbench.unrevert(c.req.param("id")) }));
  });
  app.get("/api/sessions/:id/files", (c) => {
    const invalid = badId(c, "id");
    if (invalid) return invalid;
    const query = c.req.query("q") ?? "";
    if (query.length > 500)
      return apiError(c, 400, "invalid_request", "The search is too long (500 characters at most).");
    const limit = Math.min(Math.max(Number(c.req.query("limit") ?? 20) || 20, 1), 100);
    return answer(c, async () => c.json(await workbench.findFiles(c.req.param("id"), query, limit)));
  });
  app.post("/api/sessions/:id/command", async (c) => {
    const invalid = badId(c, "id");
    if (invalid) return invalid;
    const body = await readJsonBody(c, RunCommandRequest);
    if (!body.ok) return body.response;
    const sessionID = c.req.param("id");
    return answer(c, async () => {
      await workbench.runCommand(sessionID, body.value);
      return c.json({ accepted: true, sessionID }, 202);
    });
  });
  app.post("/api/sessions/:id/shell", async (c) => {
    const invalid = badId(c, "id");
    if (invalid) return invalid;
    const body = await readJsonBody(c, ShellRequest);
    if (!body.ok) return body.response;
    const sessionID = c.req.param("id");
    return answer(c, async () => {
      await workbench.runShell(sessionID, body.value);
      return c.json({ accepted: true, sessionID }, 202);
    });
  });
}
