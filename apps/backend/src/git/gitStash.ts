// The Files tab's stashes: the uncommitted changes put aside (untracked files too, as a person
// leaving a branch expects) and brought back. A click names the stash by its place and its commit:
// if that place holds another stash now (the agent's own `git stash` moved the list), nothing is done.
import { relative, sep } from "node:path";
import {
  fullGitHashPattern,
  type GitStash,
  type GitStashActionRequest,
  type GitStashActionResponse,
} from "@turnkey/contracts";
import { isInside } from "../files/containment.ts";
import { GitError, gitFailure, gitSaid } from "./gitErrors.ts";
import { recordFormat, records } from "./gitRecords.ts";
import type { ProjectGit, Scope } from "./projectGit.ts";

const stashFormat = recordFormat(["%gd", "%H", "%gs", "%cI"]);

/** `git stash list` with stashFormat, parsed (gitRecords.ts); a record not naming a stash and its commit is left out. */
export function parseStashes(text: string): GitStash[] {
  const stashes: GitStash[] = [];
  for (const [place = "", hash = "", message = "", date = ""] of records(text, 4)) {
    const index = /^stash@\{(\d+)\}$/.exec(place)?.[1];
    if (index === undefined || !fullGitHashPattern.test(hash)) continue;
    stashes.push({ index: Number(index), hash, message, date });
  }
  return stashes;
}

/** The most stashes listed: past it the oldest are not sent (git keeps them; a terminal lists them). */
export const maxStashesListed = 200;

async function listIn(git: ProjectGit, scope: Scope): Promise<GitStash[]> {
  // `stash list` is `git log -g`: --no-show-signature keeps a `log.showSignature` in .git/config from
  // running gpg.program on a read no one clicked (as the history's log, review 17c S1).
  const run = await git.git(scope, "status", [
    ...(await git.unaskedArgs(scope)),
    "stash",
    "list",
    "--no-show-signature",
    `--max-count=${maxStashesListed}`,
    stashFormat,
  ]);
  return parseStashes(run.stdout);
}

/** The newest stash's commit (`refs/stash`), null when there is none: what tells whether a push stashed anything. */
async function newestStash(git: ProjectGit, scope: Scope): Promise<string | null> {
  const run = await git.run(scope, [...(await git.unaskedArgs(scope)), "rev-parse", "-q", "--verify", "refs/stash"]);
  return run.code === 0 ? run.stdout.trim() : null;
}

/**
 * `-- . :(exclude)<folder>` for each private folder inside the project (the backend's data folder
 * in a home folder under git): `--include-untracked` would otherwise move it into the stash and off
 * the disk while the backend runs (review 17c S3). Empty when none is inside.
 */
function privateExcluded(scope: Scope): string[] {
  const inside = privateInside(scope);
  return inside.length === 0 ? [] : ["--", ".", ...inside.map((path) => `:(exclude,literal)${path}`)];
}

/** The private folders inside the project, relative to it and `/`-separated (a pull request's diff leaves them out too). */
export function privateInside(scope: Scope): string[] {
  return scope.hidden
    .filter((folder) => isInside(scope.folder, folder) && folder !== scope.folder)
    .map((folder) => relative(scope.folder, folder).split(sep).join("/"));
}

export async function stashes(git: ProjectGit, sessionID: string): Promise<GitStash[]> {
  return listIn(git, await git.scope(sessionID));
}

export async function stash(git: ProjectGit, sessionID: string, message?: string): Promise<GitStashActionResponse> {
  const scope = await git.scope(sessionID);
  return git.exclusive(scope.folder, async () => {
    if (!(await git.read(scope)).head)
      throw new GitError(
        409,
        "git_refused",
        "There is no commit yet to stash against: make a first commit, then stash.",
      );
    const before = await newestStash(git, scope);
    // One line, no control character: git keeps the message as typed, and a U+001F would split the
    // list's record, hiding the stash just made (review 17c M4).
    const said = message?.replace(/[\p{Cc}\s]+/gu, " ").trim();
    await git.git(scope, "stash", [
      "stash",
      "push",
      "--include-untracked",
      ...(said ? [`--message=${said}`] : []),
      ...privateExcluded(scope),
    ]);
    // "No local changes to save" exits 0: whether refs/stash moved tells.
    if ((await newestStash(git, scope)) === before)
      throw new GitError(409, "nothing_to_commit", "There are no uncommitted changes to stash.");
    return {
      done: "Put your uncommitted changes aside (new files too): they are the first stash below.",
      stashes: await listIn(git, scope),
      state: await git.read(scope),
    };
  });
}

/** Why applying a stash stopped, in a sentence that says what to do; null when gitFailure's own fits. */
function applyRefusal(run: { stdout: string; stderr: string }, pop: boolean): GitError | null {
  const text = `${run.stderr}\n${run.stdout}`;
  const quote = gitSaid(run) ? `\n${gitSaid(run)}` : "";
  const kept = pop ? " The stash is kept, so nothing is lost." : "";
  if (/Try without --index/i.test(text))
    return new GitError(
      409,
      "git_refused",
      `The stash's staged changes cannot be put back as staged: the index has changed since in the same places. Commit or unstage your own first, or apply it in a terminal (\`git stash apply\`) to take them unstaged.${kept}${quote}`,
    );
  if (/CONFLICT/.test(text))
    return new GitError(
      409,
      "git_refused",
      `The stash's changes conflict with yours in the files below: they now hold both, between conflict markers. Resolve them (or ask the agent to).${kept}${quote}`,
    );
  // git 2.39 applies the tracked changes first, then stops at a new file that exists again (review 17c M5).
  if (/already exists, no checkout|could not restore untracked files/i.test(text))
    return new GitError(
      409,
      "git_refused",
      `The stash holds new files that exist again (listed below), so they were not put back; its other changes may have been applied already. Move those files away, look at the changes, then apply the stash again if anything is missing.${kept}${quote}`,
    );
  if (/would be overwritten/i.test(text))
    return new GitError(
      409,
      "git_refused",
      `Applying the stash would overwrite files you have changed since (listed below), so git did nothing. Commit or stash those first, then apply it.${quote}`,
    );
  return null;
}

const listMoved = () =>
  new GitError(
    409,
    "git_refused",
    "The stashes changed since the list was read (a stash was made or dropped meanwhile), so nothing was done. Look at the list again.",
  );

/**
 * Drops the stash at `index` if it is still `hash`. git names the dropped commit ("Dropped
 * stash@{0} (<hash>)"): should the agent's own stash have moved the list in between, the one
 * dropped is stored back and nothing is dropped (review 17c M6).
 */
async function dropExactly(git: ProjectGit, scope: Scope, index: number, hash: string, message: string) {
  const run = await git.git(scope, "stash", ["stash", "drop", `stash@{${index}}`]);
  const dropped = /\(([0-9a-f]{40}(?:[0-9a-f]{24})?)\)\s*$/.exec(run.stdout.trim())?.[1];
  if (dropped === undefined || dropped === hash) return;
  await git.git(scope, "stash", ["stash", "store", `--message=${message}`, dropped]);
  throw listMoved();
}

export async function stashAction(
  git: ProjectGit,
  sessionID: string,
  request: GitStashActionRequest,
): Promise<GitStashActionResponse> {
  const scope = await git.scope(sessionID);
  return git.exclusive(scope.folder, async () => {
    const target = (await listIn(git, scope)).find((s) => s.index === request.index);
    if (!target || target.hash !== request.hash) throw listMoved();
    if (request.action !== "drop") {
      // By its commit, not its place; with --index, so a staged change comes back staged (review 17c S2).
      const run = await git.run(scope, ["stash", "apply", "--index", target.hash]);
      if (run.code !== 0) throw applyRefusal(run, request.action === "pop") ?? gitFailure("stash", run, run.reportMs);
    }
    if (request.action !== "apply") {
      // Dropped only once what it held is back (pop), and only if its place still holds it.
      const now = (await listIn(git, scope)).find((s) => s.hash === target.hash);
      if (now) await dropExactly(git, scope, now.index, target.hash, target.message);
    }
    const done = {
      apply: `Applied "${target.message}"; the stash is kept.`,
      pop: `Applied "${target.message}" and dropped the stash.`,
      drop: `Dropped "${target.message}".`,
    }[request.action];
    return { done, stashes: await listIn(git, scope), state: await git.read(scope) };
  });
}
