// A chat's public link: whether it is shared and where it would go, share it (the window asks the
// user first), stop sharing it. share/shareService.ts does the work through opencode.
import type { Hono } from "hono";
import type { ShareService } from "../share/shareService.ts";
import { answer, badId } from "./chat.ts";

export function shareRoutes(app: Hono, shares: ShareService): void {
  app.get("/api/sessions/:id/share", (c) => {
    const invalid = badId(c, "id");
    if (invalid) return invalid;
    return answer(c, async () => c.json(await shares.state(c.req.param("id"))));
  });
  app.post("/api/sessions/:id/share", (c) => {
    const invalid = badId(c, "id");
    if (invalid) return invalid;
    return answer(c, async () => c.json(await shares.share(c.req.param("id"))));
  });
  app.delete("/api/sessions/:id/share", (c) => {
    const invalid = badId(c, "id");
    if (invalid) return invalid;
    return answer(c, async () => c.json(await shares.unshare(c.req.param("id"))));
  });
}
