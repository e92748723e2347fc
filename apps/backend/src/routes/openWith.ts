// "Open in": the apps this computer has for a chat's project, and opening the folder or a file of
// it in one (openWith/openWithService.ts). Refusals keep the file panel's codes and sentences.
import { OpenWithRequest } from "@turnkey/contracts";
import type { Hono } from "hono";
import { readJsonBody } from "../apiError.ts";
import type { OpenWith } from "../openWith/openWithService.ts";
import { answer, badId } from "./chat.ts";

export function openWithRoutes(app: Hono, openWith: OpenWith): void {
  app.get("/api/open-with", async (c) => c.json(await openWith.list()));
  app.post("/api/sessions/:id/open-with", async (c) => {
    const invalid = badId(c, "id");
    if (invalid) return invalid;
    const body = await readJsonBody(c, OpenWithRequest);
    if (!body.ok) return body.response;
    return answer(c, async () => c.json(await openWith.open(c.req.param("id"), body.value)));
  });
}
