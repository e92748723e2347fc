// A chat's allow setting (chat/allowOnItsOwn.ts): what it lets the agent do without asking, and
// what it answered so. Set only on a chat: a subagent's requests follow the chat that started it.
import { AllowSettingRequest } from "@turnkey/contracts";
import type { Hono } from "hono";
import { ApiRefusal, readJsonBody } from "../apiError.ts";
import type { AllowOnItsOwn } from "../chat/allowOnItsOwn.ts";
import type { ChatService } from "../chat/chatService.ts";
import type { ChatRelay } from "../chat/relay.ts";
import { answer, badId } from "./chat.ts";

export function allowRoutes(app: Hono, ctx: { allow: AllowOnItsOwn; chat: ChatService; relay: ChatRelay }): void {
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
}
