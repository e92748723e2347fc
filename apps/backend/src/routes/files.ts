// The file panel's routes: a folder of the session's project (a page of it) and one file (its git status is in
// git.ts). Paths travel as `?path=`, relative to the project folder; containment.ts refuses the rest
// (answer() turns its refusal into the status and sentence).
import { FileTreeQuery } from "@turnkey/contracts";
import type { Hono } from "hono";
import { apiError } from "../apiError.ts";
import type { ProjectFiles } from "../files/projectFiles.ts";
import { answer, badId } from "./chat.ts";

export function fileRoutes(app: Hono, files: ProjectFiles): void {
  app.get("/api/sessions/:id/tree", (c) => {
    const invalid = badId(c, "id");
    if (invalid) return invalid;
    const query = FileTreeQuery.safeParse(c.req.query());
    if (!query.success)
      return apiError(c, 400, "invalid_request", "?path=, ?after= or ?filter= is too long: ask for a shorter one.");
    const { path, ...page } = query.data;
    return answer(c, async () => c.json(await files.list(c.req.param("id"), path, page)));
  });
  app.get("/api/sessions/:id/file", (c) => {
    const invalid = badId(c, "id");
    if (invalid) return invalid;
    const path = c.req.query("path");
    if (!path) return apiError(c, 400, "invalid_request", "Say which file to show: ?path=, relative to the project.");
    return answer(c, async () => c.json(await files.read(c.req.param("id"), path)));
  });
}
