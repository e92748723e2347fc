// A project folder's trust (trust/folderTrust.ts): what its own OpenCode config holds, read
// without running anything, "Trust this folder", and "Forget trust" from the project list.
import type { FolderTrust } from "@turnkey/contracts";
import type { Context, Hono } from "hono";
import { apiError } from "../apiError.ts";
import type { ProjectStore } from "../projects/projectStore.ts";
import type { FolderTrustStore } from "../trust/folderTrust.ts";
import { badId } from "./chat.ts";

export function trustRoutes(app: Hono, deps: { projects: ProjectStore; trust: FolderTrustStore }): void {
  const { projects, trust } = deps;
  const withProject = (c: Context, work: (path: string, id: string) => void) => {
    const invalid = badId(c, "id");
    if (invalid) return invalid;
    const project = projects.byId(c.req.param("id") ?? "");
    if (!project) return apiError(c, 404, "not_found", "That project is not in the list: add its folder again.");
    work(project.path, project.id);
    return c.json(trust.describe(project.id, project.path) satisfies FolderTrust);
  };
  app.get("/api/projects/:id/trust", (c) => withProject(c, () => {}));
  app.put("/api/projects/:id/trust", (c) => withProject(c, (path) => trust.trust(path)));
  app.delete("/api/projects/:id/trust", (c) => withProject(c, (path) => trust.forget(path)));
}
