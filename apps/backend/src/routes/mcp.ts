// The MCP servers of a chat's project folder: list them with their states, turn one on or off,
// sign in to one that needs it, forget its sign-in. mcp/mcpService.ts does the work through OpenCode.
import { isMcpName } from "@turnkey/contracts";
import type { Context, Hono } from "hono";
import { apiError } from "../apiError.ts";
import type { McpService } from "../mcp/mcpService.ts";
import { answer, badId } from "./chat.ts";

/** The session and the server's name of the path, or the 400 that says which is wrong. */
function target(c: Context): { id: string; name: string } | Response {
  const invalid = badId(c, "id");
  if (invalid) return invalid;
  const name = c.req.param("name") ?? "";
  if (!isMcpName(name)) return apiError(c, 400, "invalid_request", "The MCP server's name in the path is not valid.");
  return { id: c.req.param("id") ?? "", name };
}

export function mcpRoutes(app: Hono, mcp: McpService): void {
  app.get("/api/sessions/:id/mcp", (c) => {
    const invalid = badId(c, "id");
    if (invalid) return invalid;
    return answer(c, async () => c.json({ servers: await mcp.list(c.req.param("id")) }));
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
      return answer(c, async () => c.json({ servers: await run(path.id, path.name) }));
    });
  }
}
