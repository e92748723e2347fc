// OpenCode versions: what runs and what is installed or available (GET /api/runtime, `?check=1`
// asks the registry now), an update behind the health gate, and switching to an installed one.
import { RuntimeUpdateRequest, RuntimeUseRequest } from "@turnkey/contracts";
import type { Context, Hono } from "hono";
import { apiError, readJsonBody } from "../apiError.ts";
import { RuntimeActionError, type RuntimeUpdater } from "../runtime/runtimeUpdater.ts";
import type { RuntimeVersions } from "../runtime/runtimeVersions.ts";

export function runtimeRoutes(app: Hono, versions: RuntimeVersions, updater: RuntimeUpdater): void {
  app.get("/api/runtime", async (c) => {
    if (c.req.query("check") !== undefined) await updater.check();
    else updater.checkIfStale();
    return c.json(versions.info());
  });

  const outcome = (c: Context, run: () => Promise<unknown>) =>
    run().then(
      () => {
        const info = versions.info();
        if (info.update?.phase === "rolled_back") {
          return apiError(c, 503, "update_rolled_back", info.update.message, { runtime: info });
        }
        return c.json(info);
      },
      (error: unknown) => {
        if (!(error instanceof RuntimeActionError)) throw error;
        return apiError(c, error.status, error.code, error.message, { runtime: versions.info() });
      },
    );

  app.post("/api/runtime/update", async (c) => {
    const body = await readJsonBody(c, RuntimeUpdateRequest);
    if (!body.ok) return body.response;
    return outcome(c, () => updater.update(body.value.version));
  });

  app.post("/api/runtime/use", async (c) => {
    const body = await readJsonBody(c, RuntimeUseRequest);
    if (!body.ok) return body.response;
    return outcome(c, () => updater.use(body.value.version));
  });
}
