// Runtime, settings, repair and diagnostics routes.
import { EmptyRequest, isLive, UpdateSettingsRequest } from "@turnkey/contracts";
import type { Hono } from "hono";
import { apiError, readJsonBody } from "../apiError.ts";
import type { Maintenance } from "../maintenance.ts";

export function maintenanceRoutes(app: Hono, maintenance: Maintenance): void {
  app.get("/api/settings", (c) => c.json(maintenance.settingsResponse()));
  app.put("/api/settings", async (c) => {
    const body = await readJsonBody(c, UpdateSettingsRequest);
    if (!body.ok) return body.response;
    const { settings, status } = await maintenance.setProfile(body.value.profile);
    return c.json({ ...settings, status });
  });

  app.post("/api/sidecar/repair", async (c) => {
    const body = await readJsonBody(c, EmptyRequest);
    if (!body.ok) return body.response;
    const result = await maintenance.repair();
    if (isLive(result.status.state)) return c.json(result);
    const failed = result.steps.find((s) => !s.ok);
    return apiError(c, 503, "repair_failed", failed?.detail ?? "OpenCode did not start after the repair.", result);
  });

  app.get("/api/diagnostics", async (c) => {
    const bundle = await maintenance.diagnostics();
    if (c.req.query("download") !== undefined) {
      const stamp = bundle.generatedAt.replace(/[:.]/g, "-");
      c.header("content-disposition", `attachment; filename="opencode-turnkey-diagnostics-${stamp}.json"`);
    }
    return c.json(bundle);
  });
}
