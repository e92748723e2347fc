// A chat's agents, commands and skills (the user's own markdown files, for its project and every
// project): list them, make or change one, remove one. customize/customizeService.ts does the work.
import {
  CustomScope,
  customNameProblem,
  customNameRule,
  SaveAgentRequest,
  SaveCommandRequest,
  SaveSkillRequest,
} from "@turnkey/contracts";
import type { Context, Hono } from "hono";
import { apiError, readJsonBody } from "../apiError.ts";
import type { CustomizeService } from "../customize/customizeService.ts";
import { answer, badId } from "./chat.ts";

export function customizeRoutes(app: Hono, customize: CustomizeService): void {
  app.get("/api/sessions/:id/customize", (c) => {
    const invalid = badId(c, "id");
    if (invalid) return invalid;
    return answer(c, async () => c.json(await customize.list(c.req.param("id"))));
  });

  const requests = { agent: SaveAgentRequest, command: SaveCommandRequest, skill: SaveSkillRequest } as const;
  for (const kind of ["agent", "command", "skill"] as const) {
    const path = `/api/sessions/:id/${kind}s/:name`;
    /** The session and the name of the path, or the 400 that says which is wrong. */
    const target = (c: Context, create: boolean): { id: string; name: string } | Response => {
      const invalid = badId(c, "id");
      if (invalid) return invalid;
      const name = c.req.param("name") ?? "";
      const problem = create
        ? customNameProblem(kind, name)
        : customNameRule(kind).test(name)
          ? null
          : customNameProblem(kind, name);
      if (problem) return apiError(c, 400, "invalid_request", problem);
      return { id: c.req.param("id") ?? "", name };
    };
    app.put(path, async (c) => {
      const body = await readJsonBody(c, requests[kind]);
      if (!body.ok) return body.response;
      const where = target(c, body.value.create);
      if (where instanceof Response) return where;
      return answer(c, async () => c.json(await customize.save(where.id, kind, where.name, body.value)));
    });
    app.delete(path, (c) => {
      const where = target(c, false);
      if (where instanceof Response) return where;
      const scope = CustomScope.safeParse(c.req.query("scope"));
      if (!scope.success)
        return apiError(c, 400, "invalid_request", "Say which file to remove: ?scope=project or ?scope=global.");
      return answer(c, async () => c.json(await customize.remove(where.id, kind, where.name, scope.data)));
    });
  }
}
