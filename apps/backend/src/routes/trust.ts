// A project folder's trust (trust/folderTrust.ts): what its own OpenCode config holds, read
// without running anything, "Trust this folder", and "Forget trust" from the project list.
import { type FolderTrust, TrustFolderRequest } from "@turnkey/contracts";
import type { Context, Hono } from "hono";
import { apiError, readJsonBody } from "../apiError.ts";
import type { ProjectStore } from "../projects/projectStore.ts";
import { type FolderTrustStore, TrustConfigChangedError, TrustConfigTooLargeError } from "../trust/folderTrust.ts";
import { badId } from "./chat.ts";

export function trustRoutes(app: Hono, deps: { projects: ProjectStore; trust: FolderTrustStore }): void {
  const { projects, trust } = deps;
  const withProject = async (c: Context, work: (path: string, id: string) => void) => {
    const invalid = badId(c, "id");
    if (invalid) return invalid;
    const project = projects.byId(c.req.param("id") ?? "");
    if (!project) return apiError(c, 404, "not_found", "That project is not in the list: add its folder again.");
    work(project.path, project.id);
    return c.json((await trust.describe(project.id, project.path)) satisfies FolderTrust);
  };
  app.get("/api/projects/:id/trust", (c) => withProject(c, () => {}));
  // Trusts the config the card showed (its digest), never a config written since.
  app.put("/api/projects/:id/trust", async (c) => {
    const body = await readJsonBody(c, TrustFolderRequest);
    if (!body.ok) return body.response;
    try {
      return await withProject(c, (path) => trust.trust(path, body.value.digest));
    } catch (error) {
      if (error instanceof TrustConfigTooLargeError) return apiError(c, 409, "trust_config_too_large", error.message);
      if (!(error instanceof TrustConfigChangedError)) throw error;
      const project = projects.byId(c.req.param("id") ?? "");
      return apiError(c, 409, "trust_config_changed", error.message, {
        trust: project ? await trust.describe(project.id, project.path) : null,
      });
    }
  });
  app.delete("/api/projects/:id/trust", (c) => withProject(c, (path) => trust.forget(path)));
}
