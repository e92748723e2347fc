// The Files tab's git routes: the project's git state, a commit of chosen files, a branch switched
// to or created, pull and push with the upstream (projectGit.ts does the work). A refusal answers
// with its code and a sentence that says what to do; every answer carries the state after it.
import { GitBranchRequest, GitCommitRequest, GitSyncRequest } from "@turnkey/contracts";
import type { Context, Hono } from "hono";
import { apiError, readJsonBody } from "../apiError.ts";
import { GitError } from "../git/gitErrors.ts";
import type { ProjectGit } from "../git/projectGit.ts";
import { answer, badId } from "./chat.ts";

function answerGit(c: Context, work: () => Promise<Response>): Promise<Response> {
  const invalid = badId(c, "id");
  if (invalid) return Promise.resolve(invalid);
  return answer(c, async () => {
    try {
      return await work();
    } catch (error) {
      if (error instanceof GitError) return apiError(c, error.httpStatus, error.code, error.message);
      throw error;
    }
  });
}

export function gitRoutes(app: Hono, git: ProjectGit): void {
  const id = (c: Context) => c.req.param("id") ?? "";
  app.get("/api/sessions/:id/git/state", (c) => answerGit(c, async () => c.json(await git.state(id(c)))));
  app.post("/api/sessions/:id/git/commit", async (c) => {
    const body = await readJsonBody(c, GitCommitRequest);
    if (!body.ok) return body.response;
    return answerGit(c, async () => c.json(await git.commit(id(c), body.value.message, body.value.paths)));
  });
  app.post("/api/sessions/:id/git/branch", async (c) => {
    const body = await readJsonBody(c, GitBranchRequest);
    if (!body.ok) return body.response;
    return answerGit(c, async () => c.json(await git.branch(id(c), body.value.name, body.value.create)));
  });
  app.post("/api/sessions/:id/git/pull", async (c) => {
    const body = await readJsonBody(c, GitSyncRequest);
    if (!body.ok) return body.response;
    return answerGit(c, async () => c.json(await git.pull(id(c))));
  });
  app.post("/api/sessions/:id/git/push", async (c) => {
    const body = await readJsonBody(c, GitSyncRequest);
    if (!body.ok) return body.response;
    return answerGit(c, async () => c.json(await git.push(id(c), body.value.publishTo)));
  });
}
