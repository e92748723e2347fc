// The chat window's terminal routes: the terminals of a session's project folder, open one, resize,
// close, and a one-time path for its WebSocket (terminal/terminalUpgrade.ts answers that one).
import { CreateTerminalRequest, TerminalSize } from "@turnkey/contracts";
import type { Hono } from "hono";
import { readJsonBody } from "../apiError.ts";
import type { TerminalService } from "../terminal/terminalService.ts";
import { answer, badId } from "./chat.ts";

export function terminalRoutes(app: Hono, terminals: TerminalService): void {
  app.get("/api/sessions/:id/terminals", (c) => {
    const invalid = badId(c, "id");
    if (invalid) return invalid;
    return answer(c, async () => c.json({ terminals: await terminals.list(c.req.param("id")) }));
  });
  app.post("/api/sessions/:id/terminals", async (c) => {
    const invalid = badId(c, "id");
    if (invalid) return invalid;
    const body = await readJsonBody(c, CreateTerminalRequest);
    if (!body.ok) return body.response;
    return answer(c, async () => c.json({ terminal: await terminals.create(c.req.param("id"), body.value) }, 201));
  });
  app.put("/api/sessions/:id/terminals/:terminal/size", async (c) => {
    const invalid = badId(c, "id", "terminal");
    if (invalid) return invalid;
    const body = await readJsonBody(c, TerminalSize);
    if (!body.ok) return body.response;
    return answer(c, async () => {
      await terminals.resize(c.req.param("id"), c.req.param("terminal"), body.value);
      return c.json({ ok: true });
    });
  });
  app.delete("/api/sessions/:id/terminals/:terminal", (c) => {
    const invalid = badId(c, "id", "terminal");
    if (invalid) return invalid;
    return answer(c, async () => {
      await terminals.remove(c.req.param("id"), c.req.param("terminal"));
      return c.json({ ok: true });
    });
  });
  app.post("/api/sessions/:id/terminals/:terminal/connection", (c) => {
    const invalid = badId(c, "id", "terminal");
    if (invalid) return invalid;
    return answer(c, async () =>
      c.json({ path: await terminals.connectPath(c.req.param("id"), c.req.param("terminal")) }),
    );
  });
}
