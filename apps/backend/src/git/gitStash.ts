// The Files tab's stashes: the uncommitted changes put aside (untracked files too, as a person
// leaving a branch expects) and brought back. A click names the stash by its place and its commit:
// if that place holds another stash now (the agent's own `git stash` moved the list), nothing is done.
import type { GitStash, GitStashActionRequest, GitStashActionResponse } from "@turnkey/contracts";
import { GitError, gitFailure, gitSaid } from "./gitErrors.ts";
import type { ProjectGit, Scope } from "./projectGit.ts";

// Fields split by US (0x1f), stashes by RS (0x1e), as the history's log (gitHistory.ts).
const stashFormat = "--format=%gd%x1f%H%x1f%gs%x1f%cI%x1e";

export function parseStashes(text: string): GitStash[] {
  const stashes: GitStash[] = [];
  for (const record of text.split("\x1e")) {
    const [place = "", hash = "", message = "", date = "", ...rest] = record.replace(/^\n/, "").split("\x1f");
    const index = /^stash@\{(\d+)\}$/.exec(place)?.[1];
    if (index === undefined || rest.length > 0 || !/^[0-9a-f]{40,64}$/.test(hash)) continue;
    stashes.push({ index: Number(index), hash, message, date });
  }
  return stashes;
}

async function listIn(git: ProjectGit, scope: Scope): Promise<GitStash[]> {
  const run = await git.git(scope, "status", [...(await git.unaskedArgs(scope)), "stash", "list", stashFormat]);
  return parseStashes(run.stdout);
}

export async function stashes(git: ProjectGit, sessionID: string): Promise<GitStash[]> {
  return listIn(git, await git.scope(sessionID));
}

export async function stash(git: ProjectGit, sessionID: string, message?: string): Promise<GitStashActionResponse> {
  const scope = await git.scope(sessionID);
  return git.exclusive(scope.folder, async () => {
    const before = await listIn(git, scope);
    const said = message?.trim();
    await git.git(scope, "stash", [
      "stash",
      "push",
      "--include-untracked",
      ...(said ? [`--message=${said.replace(/\s+/g, " ")}`] : []),
    ]);
    const after = await listIn(git, scope);
    // "No local changes to save" exits 0: the list tells.
    if (after[0]?.hash === before[0]?.hash)
      throw new GitError(409, "nothing_to_commit", "There are no uncommitted changes to stash.");
    return {
      done: "Put your uncommitted changes aside (new files too): they are the first stash below.",
      stashes: after,
      state: await git.read(scope),
    };
  });
}

/** Why applying a stash stopped, in a sentence that says what to do; null when gitFailure's own fits. */
function applyRefusal(run: { stdout: string; stderr: string }, pop: boolean): GitError | null {
  const text = `${run.stderr}\n${run.stdout}`;
  const quote = gitSaid(run) ? `\n${gitSaid(run)}` : "";
  if (/CONFLICT/.test(text))
    return new GitError(
      409,
      "git_refused",
      `The stash's changes conflict with yours in the files below: they now hold both, between conflict markers. Resolve them (or ask the agent to).${pop ? " The stash is kept, so nothing is lost." : ""}${quote}`,
    );
  if (/would be overwritten|already exists, no checkout|could not restore untracked files/i.test(text))
    return new GitError(
      409,
      "git_refused",
      `Applying the stash would overwrite files you have changed or made since (listed below), so git did nothing. Commit or stash those first, then apply it.${quote}`,
    );
  return null;
}

export async function stashAction(
  git: ProjectGit,
  sessionID: string,
  request: GitStashActionRequest,
): Promise<GitStashActionResponse> {
  const scope = await git.scope(sessionID);
  return git.exclusive(scope.folder, async () => {
    const listed = await listIn(git, scope);
    const target = listed.find((s) => s.index === request.index);
    if (!target || target.hash !== request.hash)
      throw new GitError(
        409,
        "git_refused",
        "The stashes changed since the list was read (a stash was made or dropped meanwhile), so nothing was done. Look at the list again.",
      );
    const place = `stash@{${target.index}}`;
    const run = await git.run(scope, ["stash", request.action, place]);
    if (run.code !== 0) {
      const refused = request.action === "drop" ? null : applyRefusal(run, request.action === "pop");
      throw refused ?? gitFailure("stash", run, run.reportMs);
    }
    const done = {
      apply: `Applied "${target.message}"; the stash is kept.`,
      pop: `Applied "${target.message}" and dropped the stash.`,
      drop: `Dropped "${target.message}".`,
    }[request.action];
    return { done, stashes: await listIn(git, scope), state: await git.read(scope) };
  });
}
