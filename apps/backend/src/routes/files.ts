// The file panel's routes: a folder of the session's project (a page of it) and one file (its git status is in
// git.ts). Paths travel as `?path=`, relative to the project folder; containment.ts refuses the rest
// (answer() turns its refusal into the status and sentence).
import { FileTreeQuery, TextSearchQuery } from "@turnkey/contracts";
import type { Hono } from "hono";
import { apiError } from "../apiError.ts";
import type { ProjectFiles } from "../files/projectFiles.ts";
import type { TextSearch } from "../files/textSearch.ts";
import { answer, badId } from "./chat.ts";

export function fileRoutes(app: Hono, files: ProjectFiles, search?: TextSearch): void {
  // The lines of the project's files holding ?q= (ripgrep: files/textSearch.ts).
  app.get("/api/sessions/:id/search", (c) => {
    const invalid = badId(c, "id");
    if (invalid) return invalid;
    const query = TextSearchQuery.safeParse(c.req.query());
    if (!query.success)
      return apiError(
        c,
        400,
        "invalid_request",
        "Say what to search for in ?q= (1 to 500 characters on one line); ?case= and ?regex= are true or false.",
      );
    if (!search) return apiError(c, 404, "not_found", "Searching the files' text is not offered by this backend.");
    // The request's signal ends ripgrep when the window stops waiting (a newer search, a closed tab).
    return answer(c, async () => c.json(await search.search(c.req.param("id"), query.data, c.req.raw.signal)));
  });
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
