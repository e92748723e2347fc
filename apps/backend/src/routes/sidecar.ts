// Lifecycle and diagnostics of the sidecar: status, start/stop/restart, logs.
import { EmptyRequest, isLive, LogsQuery, type SidecarStatus } from "@turnkey/contracts";
import type { SidecarSupervisor } from "@turnkey/sidecar";
import type { Hono } from "hono";
import { apiError, readJsonBody } from "../apiError.ts";
import { HealthHistory, healthWindowMs } from "../healthHistory.ts";

const lifecycleActions = ["start", "stop", "restart"] as const;

export function sidecarRoutes(app: Hono, supervisor: SidecarSupervisor): void {
  app.get("/api/status", (c) => c.json(supervisor.status()));
  const health = new HealthHistory(supervisor);
  app.get("/api/health/history", (c) => c.json({ samples: health.samples(), windowMs: healthWindowMs }));

  for (const action of lifecycleActions) {
    app.post(`/api/sidecar/${action}`, async (c) => {
      const body = await readJsonBody(c, EmptyRequest);
      if (!body.ok) return body.response;
      const status = await supervisor[action]();
      if (action === "stop" || isLive(status.state)) return c.json(status);
      return apiError(c, 503, status.error?.code ?? "sidecar_not_running", notRunningMessage(status), { status });
    });
  }

  app.get("/api/logs", (c) => {
    const query = LogsQuery.safeParse({ limit: c.req.query("limit") });
    if (!query.success) return apiError(c, 400, "invalid_request", "limit must be a whole number from 1 to 1000.");
    return c.json({ lines: supervisor.logs.tail(query.data.limit) });
  });
}

function notRunningMessage(status: SidecarStatus): string {
  if (status.error) return status.error.message;
  return `OpenCode is ${status.state}, not running. Press Start to try again.`;
}
