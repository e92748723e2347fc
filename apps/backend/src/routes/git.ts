// The Files tab's git routes: the project's git state, a commit of chosen files, a branch switched
// to or created, fetch, pull and push with the upstream, a file's changes discarded and that undone
// and the repository's worktrees, one's changes brought here (projectGit.ts does the work). A refusal answers with its code and a sentence that says what to
// do; every answer carries the state after it.
import {
  GitBranchRequest,
  GitCommitRequest,
  GitDiscardRequest,
  GitIdentityRequest,
  GitMessageRequest,
  type GitMessageResponse,
  GitSelectionRequest,
  GitStashActionRequest,
  GitStashRequest,
  GitSyncRequest,
  GitUndoDiscardRequest,
  GitWorktreeAddRequest,
  GitWorktreeRemoveRequest,
  GitWorktreeTakeRequest,
  maxGitFilesListed,
  maxGitLogPage,
} from "@turnkey/contracts";
import type { Context, Hono } from "hono";
import { apiError, readJsonBody } from "../apiError.ts";
import { readIdentity, setIdentity } from "../git/gitIdentity.ts";
import type { ProjectGit } from "../git/projectGit.ts";
import { answer, badId } from "./chat.ts";

export function answerGit(c: Context, work: () => Promise<Response>): Promise<Response> {
  const invalid = badId(c, "id");
  if (invalid) return Promise.resolve(invalid);
  return answer(c, work);
}

/** "Write it for me": a commit message for the chosen files (git/commitMessage.ts). */
export type WriteMessage = (
  sessionID: string,
  request: GitMessageRequest,
  signal: AbortSignal,
) => Promise<GitMessageResponse>;

export function gitRoutes(app: Hono, git: ProjectGit, writeMessage: WriteMessage): void {
  const id = (c: Context) => c.req.param("id") ?? "";
  app.get("/api/sessions/:id/git/state", (c) => answerGit(c, async () => c.json(await git.state(id(c)))));
  // The uncommitted changes, `?limit=` files at most, those after the path `?after=` (the Files tab's
  // "Show more" asks for the page after the last file it has) whose path holds `?filter=`.
  app.get("/api/sessions/:id/git", (c) => {
    const limit = Number(c.req.query("limit") ?? maxGitFilesListed);
    if (!Number.isInteger(limit) || limit < 1)
      return apiError(c, 400, "invalid_request", "?limit= must be a whole number of files, 1 or more.");
    const after = c.req.query("after");
    if (after !== undefined && after.length > 4_000)
      return apiError(c, 400, "invalid_request", "?after= is a path of 4,000 characters at most.");
    const filter = c.req.query("filter");
    if (filter !== undefined && filter.length > 1_000)
      return apiError(c, 400, "invalid_request", "?filter= is 1,000 characters at most.");
    return answerGit(c, async () => c.json(await git.changes(id(c), limit, after, filter)));
  });
  app.get("/api/sessions/:id/git/diff", (c) => {
    const path = c.req.query("path");
    if (!path)
      return apiError(c, 400, "invalid_request", "Say which file's changes to show: ?path=, relative to the project.");
    return answerGit(c, async () => c.json(await git.diff(id(c), path)));
  });
  // The history: `?limit=` commits (maxGitLogPage at most) after the newest `?skip=`, then what one
  // commit changed and one file's patch in it (git/gitHistory.ts).
  app.get("/api/sessions/:id/git/log", (c) => {
    const limit = Number(c.req.query("limit") ?? 30);
    const skip = Number(c.req.query("skip") ?? 0);
    if (!Number.isInteger(limit) || limit < 1 || limit > maxGitLogPage)
      return apiError(c, 400, "invalid_request", `?limit= must be a whole number of commits, 1 to ${maxGitLogPage}.`);
    if (!Number.isInteger(skip) || skip < 0 || skip > 10_000_000)
      return apiError(c, 400, "invalid_request", "?skip= must be a whole number of commits, 0 or more.");
    return answerGit(c, async () => c.json(await git.log(id(c), limit, skip)));
  });
  app.get("/api/sessions/:id/git/commits/:hash/files", (c) =>
    answerGit(c, async () => c.json(await git.commitFiles(id(c), c.req.param("hash")))),
  );
  app.get("/api/sessions/:id/git/commits/:hash/diff", (c) => {
    const path = c.req.query("path");
    if (!path)
      return apiError(c, 400, "invalid_request", "Say which file's patch to show: ?path=, relative to the project.");
    return answerGit(c, async () => c.json(await git.commitDiff(id(c), c.req.param("hash"), path)));
  });
  app.post("/api/sessions/:id/git/commit", async (c) => {
    const body = await readJsonBody(c, GitCommitRequest);
    if (!body.ok) return body.response;
    const { message, ...choice } = body.value;
    return answerGit(c, async () => c.json(await git.commit(id(c), message, choice)));
  });
  // Who a commit is signed as, and setting that for the repository or the user (git/gitIdentity.ts).
  app.get("/api/sessions/:id/git/identity", (c) => answerGit(c, async () => c.json(await readIdentity(git, id(c)))));
  app.put("/api/sessions/:id/git/identity", async (c) => {
    const body = await readJsonBody(c, GitIdentityRequest);
    if (!body.ok) return body.response;
    return answerGit(c, async () => c.json(await setIdentity(git, id(c), body.value)));
  });
  // A message for the files a commit would take, written by the chat's model; the request's signal
  // ends the question when the window stops waiting (its Stop, or a closed tab).
  app.post("/api/sessions/:id/git/message", async (c) => {
    const body = await readJsonBody(c, GitMessageRequest);
    if (!body.ok) return body.response;
    return answerGit(c, async () => c.json(await writeMessage(id(c), body.value, c.req.raw.signal)));
  });
  // The commit form's list and counts when it cannot list every changed file (contracts' gitSelection.ts).
  app.post("/api/sessions/:id/git/selection", async (c) => {
    const body = await readJsonBody(c, GitSelectionRequest);
    if (!body.ok) return body.response;
    return answerGit(c, async () => c.json(await git.selection(id(c), body.value.selection, body.value.filter)));
  });
  app.post("/api/sessions/:id/git/branch", async (c) => {
    const body = await readJsonBody(c, GitBranchRequest);
    if (!body.ok) return body.response;
    return answerGit(c, async () => c.json(await git.branch(id(c), body.value.name, body.value.create)));
  });
  app.post("/api/sessions/:id/git/fetch", async (c) => {
    const body = await readJsonBody(c, GitSyncRequest);
    if (!body.ok) return body.response;
    return answerGit(c, async () => c.json(await git.fetch(id(c))));
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
  // The stashes (git/gitStash.ts): listed, one made of every uncommitted change, one applied, popped or dropped.
  app.get("/api/sessions/:id/git/stashes", (c) =>
    answerGit(c, async () => c.json({ stashes: await git.stashes(id(c)) })),
  );
  app.post("/api/sessions/:id/git/stash", async (c) => {
    const body = await readJsonBody(c, GitStashRequest);
    if (!body.ok) return body.response;
    return answerGit(c, async () => c.json(await git.stash(id(c), body.value.message)));
  });
  app.post("/api/sessions/:id/git/stashes/action", async (c) => {
    const body = await readJsonBody(c, GitStashActionRequest);
    if (!body.ok) return body.response;
    return answerGit(c, async () => c.json(await git.stashAction(id(c), body.value)));
  });
  // One file back as the last commit has it; the answer's `undo` puts it back (git/discard.ts).
  app.post("/api/sessions/:id/git/discard", async (c) => {
    const body = await readJsonBody(c, GitDiscardRequest);
    if (!body.ok) return body.response;
    return answerGit(c, async () => c.json(await git.discard(id(c), body.value.path)));
  });
  app.post("/api/sessions/:id/git/undo-discard", async (c) => {
    const body = await readJsonBody(c, GitUndoDiscardRequest);
    if (!body.ok) return body.response;
    return answerGit(c, async () => c.json(await git.undoDiscard(id(c), body.value.undo)));
  });
  // The repository's worktrees (git/gitWorktree.ts): listed, a new one on its own branch, one removed.
  app.get("/api/sessions/:id/git/worktrees", (c) =>
    answerGit(c, async () => c.json({ worktrees: await git.worktrees(id(c)) })),
  );
  app.post("/api/sessions/:id/git/worktrees", async (c) => {
    const body = await readJsonBody(c, GitWorktreeAddRequest);
    if (!body.ok) return body.response;
    return answerGit(c, async () => c.json(await git.addWorktree(id(c), body.value.branch)));
  });
  app.post("/api/sessions/:id/git/worktrees/remove", async (c) => {
    const body = await readJsonBody(c, GitWorktreeRemoveRequest);
    if (!body.ok) return body.response;
    return answerGit(c, async () =>
      c.json(await git.removeWorktree(id(c), body.value.path, body.value.force ?? false)),
    );
  });
  // What a worktree changed, and those changes brought into this chat's folder (git/worktreeChanges.ts).
  app.get("/api/sessions/:id/git/worktrees/changes", (c) => {
    const path = c.req.query("path");
    if (!path || path.length > 4_000)
      return apiError(
        c,
        400,
        "invalid_request",
        "Say which worktree's changes to show: ?path=, its folder (4,000 characters at most).",
      );
    return answerGit(c, async () => c.json(await git.worktreeChanges(id(c), path)));
  });
  app.post("/api/sessions/:id/git/worktrees/take", async (c) => {
    const body = await readJsonBody(c, GitWorktreeTakeRequest);
    if (!body.ok) return body.response;
    return answerGit(c, async () => c.json(await git.takeWorktreeChanges(id(c), body.value.path)));
  });
}
