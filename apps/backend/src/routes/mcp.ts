// The MCP servers of a chat's project folder: list them with their states, turn one on or off,
// sign in to one that needs it, forget its sign-in; add, change or remove one in a config file
// and keep the switch there. mcp/mcpService.ts does the work through OpenCode and the files.
import { KeepMcpSwitchRequest, mcpNameProblem, newMcpNamePattern, SaveMcpServerRequest } from "@turnkey/contracts";
import type { Context, Hono } from "hono";
import { apiError, readJsonBody } from "../apiError.ts";
import type { McpService } from "../mcp/mcpService.ts";
import { answer, badId } from "./chat.ts";

/** The session and the server's name of the path, or the 400 that says which is wrong. */
function target(c: Context): { id: string; name: string } | Response {
  const invalid = badId(c, "id");
  if (invalid) return invalid;
  const name = c.req.param("name") ?? "";
  const problem = mcpNameProblem(name);
  if (problem) return apiError(c, 400, "invalid_request", problem);
  return { id: c.req.param("id") ?? "", name };
}

export function mcpRoutes(app: Hono, mcp: McpService): void {
  app.get("/api/sessions/:id/mcp", (c) => {
    const invalid = badId(c, "id");
    if (invalid) return invalid;
    return answer(c, async () => c.json(await mcp.list(c.req.param("id"))));
  });
  const actions = {
    connect: (id: string, name: string) => mcp.connect(id, name),
    disconnect: (id: string, name: string) => mcp.disconnect(id, name),
    "sign-in": (id: string, name: string) => mcp.signIn(id, name),
    "sign-out": (id: string, name: string) => mcp.signOut(id, name),
  };
  for (const [action, run] of Object.entries(actions)) {
    app.post(`/api/sessions/:id/mcp/:name/${action}`, (c) => {
      const path = target(c);
      if (path instanceof Response) return path;
      return answer(c, async () => c.json(await run(path.id, path.name)));
    });
  }

  const config = "/api/sessions/:id/mcp/:name/config";
  app.get(config, (c) => {
    const path = target(c);
    if (path instanceof Response) return path;
    return answer(c, async () => c.json(await mcp.config(path.id, path.name)));
  });
  app.put(config, async (c) => {
    const path = target(c);
    if (path instanceof Response) return path;
    const body = await readJsonBody(c, SaveMcpServerRequest);
    if (!body.ok) return body.response;
    if (body.value.create && !newMcpNamePattern.test(path.name))
      return apiError(
        c,
        400,
        "invalid_request",
        "A new MCP server's name must start with a letter or digit and hold only letters, digits, '-', '_' or '.' (at most 64).",
      );
    return answer(c, async () => c.json(await mcp.save(path.id, path.name, body.value)));
  });
  app.delete(config, (c) => {
    const path = target(c);
    if (path instanceof Response) return path;
    return answer(c, async () => c.json(await mcp.remove(path.id, path.name)));
  });
  app.post("/api/sessions/:id/mcp/:name/keep", async (c) => {
    const path = target(c);
    if (path instanceof Response) return path;
    const body = await readJsonBody(c, KeepMcpSwitchRequest);
    if (!body.ok) return body.response;
    return answer(c, async () => c.json(await mcp.keep(path.id, path.name, body.value)));
  });
}
