// Project routes: the list (recent first), adding a folder (validated: nothing saved on a bad
// path), forgetting one (no file touched), the folder browser of plain browsers, and what every
// session waits on. Sessions per project are in chat.ts (`?project=`).
import { AddProjectRequest, type WaitingResponse } from "@turnkey/contracts";
import type { Hono } from "hono";
import { apiError, readJsonBody } from "../apiError.ts";
import type { ChatRelay } from "../chat/relay.ts";
import { type FolderBrowserOptions, listFolders } from "../projects/folderBrowser.ts";
import type { ProjectStore } from "../projects/projectStore.ts";
import { badId } from "./chat.ts";

export function projectRoutes(
  app: Hono,
  deps: { projects: ProjectStore; relay: ChatRelay; folders: FolderBrowserOptions },
): void {
  const { projects, relay } = deps;
  app.get("/api/projects", (c) => c.json({ projects: projects.list() }));
  app.post("/api/projects", async (c) => {
    const body = await readJsonBody(c, AddProjectRequest);
    if (!body.ok) return body.response;
    const added = await projects.add(body.value.path);
    if (!added.ok) return apiError(c, 400, "invalid_path", added.message);
    return c.json({ project: added.project, created: added.created }, added.created ? 201 : 200);
  });
  app.delete("/api/projects/:id", (c) => {
    const invalid = badId(c, "id");
    if (invalid) return invalid;
    if (!projects.remove(c.req.param("id")))
      return apiError(c, 404, "not_found", "That project is not in the list (it may have been removed already).");
    return c.json({ deleted: true });
  });

  app.get("/api/folders", async (c) => {
    const after = c.req.query("after");
    if (after !== undefined && after.length > 4_000)
      return apiError(c, 400, "invalid_request", "?after= is a folder name of 4,000 characters at most.");
    const listed = await listFolders(c.req.query("path"), deps.folders, after);
    if (!listed.ok) return apiError(c, 400, "invalid_path", listed.message);
    return c.json(listed.listing);
  });

  app.get("/api/waiting", (c) => {
    const sessions: WaitingResponse["sessions"] = relay.waiting.sessions().map((sessionID) => {
      const directory = relay.directories.get(sessionID);
      return {
        sessionID,
        projectId: directory ? (projects.byDirectory(directory)?.id ?? null) : null,
        pending: relay.waiting.pending(sessionID),
      };
    });
    return c.json({ sessions } satisfies WaitingResponse);
  });
}
