// What a chat lets the agent do without asking (chat/allowOnItsOwn.ts), and what it answered so;
// and the level a project gives its chats that follow it. Set on a chat or a listed project: a
// subagent's requests follow the chat that started it.
import { AllowSettingRequest, ProjectAllowRequest } from "@turnkey/contracts";
import type { Hono } from "hono";
import { ApiRefusal, apiError, readJsonBody } from "../apiError.ts";
import type { AllowOnItsOwn } from "../chat/allowOnItsOwn.ts";
import type { ChatService } from "../chat/chatService.ts";
import type { ChatRelay } from "../chat/relay.ts";
import type { ProjectStore } from "../projects/projectStore.ts";
import { answer, badId } from "./chat.ts";

export function allowRoutes(
  app: Hono,
  ctx: { allow: AllowOnItsOwn; chat: ChatService; relay: ChatRelay; projects: ProjectStore },
): void {
  app.get("/api/sessions/:id/allow", (c) => {
    const invalid = badId(c, "id");
    if (invalid) return invalid;
    return c.json(ctx.allow.setting(c.req.param("id")));
  });
  app.put("/api/sessions/:id/allow", async (c) => {
    const invalid = badId(c, "id");
    if (invalid) return invalid;
    const body = await readJsonBody(c, AllowSettingRequest);
    if (!body.ok) return body.response;
    const sessionID = c.req.param("id");
    return answer(c, async () => {
      // OpenCode must know the chat (a made-up id is refused, not kept).
      const session = await ctx.chat.sessionById(sessionID);
      if (session.parentID)
        throw new ApiRefusal(
          400,
          "invalid_request",
          "This is a subagent's session: set what it may do without asking on the chat that started it.",
        );
      return c.json(ctx.allow.set(sessionID, body.value.level, ctx.relay.waiting.all()));
    });
  });

  /** The listed project's folder, or a 404 that says what to do. */
  const folderOf = (id: string) => ctx.projects.byId(id)?.path ?? null;
  const notListed = "That project is not in the list. Open its folder again.";
  app.get("/api/projects/:id/allow", (c) => {
    const invalid = badId(c, "id");
    if (invalid) return invalid;
    const folder = folderOf(c.req.param("id"));
    if (folder === null) return apiError(c, 404, "not_found", notListed);
    return c.json(ctx.allow.projectSetting(folder));
  });
  app.put("/api/projects/:id/allow", async (c) => {
    const invalid = badId(c, "id");
    if (invalid) return invalid;
    const body = await readJsonBody(c, ProjectAllowRequest);
    if (!body.ok) return body.response;
    const folder = folderOf(c.req.param("id"));
    if (folder === null) return apiError(c, 404, "not_found", notListed);
    return answer(c, async () =>
      c.json(
        ctx.allow.setProject(folder, body.value.level, ctx.relay.directories.known(folder), ctx.relay.waiting.all()),
      ),
    );
  });
}
