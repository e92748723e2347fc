// The current branch's pull request on GitHub, and a new one, through the user's own GitHub CLI
// (`gh`): its sign-in and token stay in gh's store (we never read, log or pass one: gh gets the
// environment git gets, ghEnvironment.ts), every call runs through the Files tab's git runner
// (argument array, no shell, a deadline cut to the action's budget, ended with its tree, recorded
// for the next backend if this one dies), and nothing runs unless the person asked: the chat
// window reads the pull request when its section is opened or Refresh is pressed, never after a
// reply. Base branches and the commits a new pull request would hold come from the clone's own
// refs (no network); gh talks to GitHub.
import {
  type CreatePullRequestRequest,
  type MergePullRequestRequest,
  type PullRequestActionResponse,
  type PullRequestDraft,
  type PullRequestInfo,
  type PullRequestRepository,
  type PullRequestResponse,
  reviewerPattern,
} from "@turnkey/contracts";
import { GitError, gitSaid } from "../git/gitErrors.ts";
import { submoduleDiffUnread } from "../git/gitFilters.ts";
import { privateInside } from "../git/gitStash.ts";
import type { ProjectGit, Scope } from "../git/projectGit.ts";
import type { GitRun } from "../git/runGit.ts";
import { ghEnvironment } from "./ghEnvironment.ts";
import { ghFailure, noPullRequest } from "./ghErrors.ts";
import { findGh, ghMissing } from "./ghProgram.ts";
import { markReady, merge, repository } from "./pullActions.ts";
import { type BranchCommit, fillFromCommits, parseCommits, parsePullRequest, viewFields } from "./pullRequestView.ts";

export interface PullRequestOptions {
  platform?: NodeJS.Platform;
}

/** Most commits read to fill a new pull request's body. */
const maxCommitsRead = 100;

/** What a pull request into a base would hold and change (`changes`). */
export interface BranchChanges {
  /** The project folder, where the model is asked. */
  folder: string;
  branch: string;
  /** Newest first, at most maxCommitsRead. */
  commits: BranchCommit[];
  /** All the commits the base does not have (past maxCommitsRead, the oldest are not read). */
  total: number;
  /** git's summary of the files changed, with their lines added and removed. */
  stat: string;
  patch: string;
  /** The patch is not whole: git wrote more than was read, or it could not be read (a deadline, no merge base). */
  patchCut: boolean;
}

function noBase(remote: string, base: string): GitError {
  return new GitError(
    400,
    "invalid_request",
    `${remote} has no branch named ${base} (as this clone last fetched it). Choose the base from the list, or pull to fetch new branches.`,
  );
}

export class PullRequests {
  constructor(
    private readonly git: ProjectGit,
    private readonly options: PullRequestOptions = {},
  ) {}

  get platform() {
    return this.options.platform ?? process.platform;
  }

  /** Runs gh in the project, or answers gh_unavailable when PATH holds none. */
  async gh(scope: Scope, args: string[], input?: string): Promise<GitRun & { reportMs: number }> {
    const program = findGh(scope.env, { platform: this.platform, projectFolder: scope.folder });
    if (program === null) throw ghMissing(this.platform);
    const env = ghEnvironment(scope.env, await this.git.unaskedArgs(scope));
    // gh talks to GitHub: a network call's deadline, as pull and push get, cut to the action's budget.
    return this.git.runner.run({ ...scope, env }, args, this.git.networkMs, { input, program });
  }

  /** The pull request whose head is the current branch (gh's own choice: an open one first), or number `number`. */
  async current(scope: Scope, number?: number): Promise<PullRequestInfo | null> {
    const which = number === undefined ? [] : [String(number)];
    const run = await this.gh(scope, ["pr", "view", ...which, "--json", viewFields]);
    if (run.code === 0) return parsePullRequest(run.stdout);
    if (noPullRequest(run)) return null;
    throw ghFailure("read", run, run.reportMs, this.platform);
  }

  async view(sessionID: string): Promise<PullRequestResponse> {
    const scope = await this.git.scope(sessionID, true);
    const { branch } = await this.git.read(scope);
    if (!branch) return { branch: null, pullRequest: null };
    return { branch, pullRequest: await this.current(scope) };
  }

  /** What the form starts from: the remote's branches to choose a base from, a title and a body. */
  async draft(sessionID: string, base?: string): Promise<PullRequestDraft> {
    const scope = await this.git.scope(sessionID);
    const { state, branch, remote, bases, chosen, commits } = await this.branchWork(scope, base);
    return {
      branch,
      remote,
      bases,
      base: chosen,
      ...fillFromCommits(branch, commits),
      upstream: state.upstream,
      ahead: state.ahead,
      ...(state.upstreamGone ? { upstreamGone: true } : {}),
      commits: commits.length,
    };
  }

  /**
   * What "Write it for me" tells the model (pullRequestText.ts): the commits a pull request into
   * `base` would hold, newest first, and what they change against it (git's summary of the files,
   * then the whole patch: cut only after it is masked). From the clone's own refs: nothing goes to GitHub.
   */
  async changes(
    sessionID: string,
    base: string,
    read: { patchChars: number; signal?: AbortSignal | undefined },
  ): Promise<BranchChanges> {
    const scope = await this.git.scope(sessionID);
    const { branch, remote, bases, commits, unasked } = await this.branchWork(scope, base);
    if (!bases.includes(base) || base.startsWith("-")) throw noBase(remote, base);
    const ref = `refs/remotes/${remote}/${base}`;
    const signal = read.signal ? { signal: read.signal } : {};
    const total = await this.git.run(scope, [...unasked, "rev-list", "--count", `${ref}..HEAD`, "--"], signal);
    const count = total.code === 0 ? Number.parseInt(total.stdout.trim(), 10) || commits.length : commits.length;
    if (count === 0)
      throw new GitError(
        409,
        "git_refused",
        `${branch} has no commit that ${base} does not have, so there is nothing for a pull request to say. Commit your work first.`,
      );
    // --no-ext-diff, --no-textconv: a diff driver the repository names would run a program of its.
    // The whole branch (":(top)"), without the app's own data folder where a repository holds it.
    const diff = ["diff", "--no-ext-diff", "--no-textconv", "--no-color", ...submoduleDiffUnread];
    const paths = ["--", ":(top)", ...privateInside(scope).map((path) => `:(exclude,literal)${path}`)];
    const range = `${ref}...HEAD`;
    const [stat, patch] = await Promise.all([
      this.git.run(scope, [...unasked, ...diff, "--stat=200", "--stat-count=300", range, ...paths], signal),
      // Read past what is sent by a margin, so a secret at the cut is still masked whole.
      this.git.run(scope, [...unasked, ...diff, range, ...paths], { ...signal, maxOutputChars: 4 * read.patchChars }),
    ]);
    const patchRead = patch.code === 0 || patch.outputCut;
    return {
      folder: scope.folder,
      branch,
      commits,
      total: count,
      stat: stat.code === 0 ? stat.stdout.trimEnd() : "",
      patch: patchRead ? patch.stdout : "",
      patchCut: patch.outputCut || !patchRead,
    };
  }

  /** The branch, its remote and the remote's branches, the base chosen, and the commits the base does not have. */
  private async branchWork(scope: Scope, base?: string) {
    const state = await this.git.read(scope);
    const branch = state.branch;
    if (!branch)
      throw new GitError(
        409,
        "git_refused",
        "No branch is checked out (a detached HEAD): create a branch for the work first, then make its pull request.",
      );
    // The upstream's remote (remote names may hold "/": the longest that prefixes it), else origin.
    const remote =
      [...state.remotes].sort((a, b) => b.length - a.length).find((r) => state.upstream?.startsWith(`${r}/`)) ??
      (state.remotes.includes("origin") ? "origin" : state.remotes[0]);
    if (!remote)
      throw new GitError(
        409,
        "not_github",
        "This project has no remote, so a pull request has nowhere to go. Add the GitHub repository in a terminal (git remote add origin <url>), publish the branch, then try again.",
      );
    const unasked = await this.git.unaskedArgs(scope);
    const prefix = `refs/remotes/${remote}/`;
    const [refs, head] = await Promise.all([
      this.git.run(scope, [...unasked, "for-each-ref", "--format=%(refname)", prefix]),
      this.git.run(scope, [...unasked, "symbolic-ref", "--quiet", `${prefix}HEAD`]),
    ]);
    const upstreamBranch = state.upstream?.slice(remote.length + 1);
    const bases = refs.stdout
      .split("\n")
      .map((line) => line.trim().slice(prefix.length))
      .filter((name) => name !== "" && name !== "HEAD" && name !== branch && name !== upstreamBranch);
    const remoteHead = head.code === 0 ? head.stdout.trim().slice(prefix.length) : "";
    const chosen =
      (base && bases.includes(base) ? base : undefined) ??
      [remoteHead, "main", "master"].find((name) => bases.includes(name)) ??
      bases[0] ??
      null;
    const log = await this.git.run(scope, [
      ...unasked,
      "log",
      "--no-show-signature",
      `--max-count=${maxCommitsRead}`,
      "--format=%s%x00%b%x1e",
      ...(chosen ? [`${prefix}${chosen}..HEAD`] : ["HEAD"]),
      "--",
    ]);
    const commits = log.code === 0 ? parseCommits(log.stdout) : [];
    return { state, branch, remote, bases, chosen, commits, unasked };
  }

  /** What the forms choose from; merging; marking a draft ready (pullActions.ts). */
  repository(sessionID: string): Promise<PullRequestRepository> {
    return repository(this, this.git, sessionID);
  }
  merge(sessionID: string, request: MergePullRequestRequest): Promise<PullRequestActionResponse> {
    return merge(this, this.git, sessionID, request);
  }
  ready(sessionID: string): Promise<PullRequestActionResponse> {
    return markReady(this, this.git, sessionID);
  }

  /** Creates the pull request of the current branch, which must be pushed: the form offers Publish or Push first. */
  async create(sessionID: string, request: CreatePullRequestRequest): Promise<PullRequestResponse> {
    const title = request.title.trim();
    if (title === "" || /[\r\n]/.test(title))
      throw new GitError(
        400,
        "invalid_request",
        "Write a title for the pull request: one line that says what it does.",
      );
    const reviewers = request.reviewers ?? [];
    const labels = request.labels ?? [];
    const badReviewer = reviewers.find((r) => !reviewerPattern.test(r));
    if (badReviewer !== undefined)
      throw new GitError(
        400,
        "invalid_request",
        `"${badReviewer}" is not a GitHub login or team (letters, digits and hyphens; a team as org/name). Choose reviewers from the list.`,
      );
    // gh reads each --label as a line of CSV (a string slice flag: Go's encoding/csv), so a comma
    // would split one and a double quote makes gh refuse the whole command line.
    const badLabel = labels.find((l) => /[,"\r\n]/.test(l));
    if (badLabel !== undefined)
      throw new GitError(
        400,
        "invalid_request",
        `The label "${badLabel}" holds a comma, a double quote or a line break, which gh cannot pass on. Add it on GitHub after the pull request is made.`,
      );
    const draft = await this.draft(sessionID, request.base);
    const scope = await this.git.scope(sessionID, true);
    return this.git.exclusive(scope.folder, async () => {
      if (!draft.upstream)
        throw new GitError(
          409,
          "no_upstream",
          `${draft.branch} is not on ${draft.remote} yet, so GitHub cannot see it. Publish the branch first (the button beside Pull), then create the pull request.`,
        );
      // git counts nothing ahead of a tracking branch that is gone, so this is said first.
      if (draft.upstreamGone)
        throw new GitError(
          409,
          "branch_not_pushed",
          `${draft.branch} is gone from ${draft.remote} (deleted there, after a merge perhaps), so GitHub cannot see it. Push it to publish it again, then create the pull request.`,
        );
      if (draft.ahead > 0)
        throw new GitError(
          409,
          "branch_not_pushed",
          `${draft.ahead === 1 ? "1 commit" : `${draft.ahead} commits`} of ${draft.branch} ${draft.ahead === 1 ? "is" : "are"} not pushed yet. Push first, then create the pull request, so that it holds them.`,
        );
      if (!draft.bases.includes(request.base) || request.base.startsWith("-")) throw noBase(draft.remote, request.base);
      const head = draft.upstream.slice(draft.remote.length + 1);
      // `--flag=value`: a title starting with "-" stays a title. The body goes on stdin (no
      // length limit on the command line, nothing in the process list).
      const args = ["pr", "create", `--title=${title}`, "--body-file=-", `--base=${request.base}`, `--head=${head}`];
      if (request.draft) args.push("--draft");
      for (const reviewer of reviewers) args.push(`--reviewer=${reviewer}`);
      for (const label of labels) args.push(`--label=${label}`);
      const run = await this.gh(scope, args, request.body);
      if (run.code !== 0) {
        const failure = ghFailure("create", run, run.reportMs, this.platform);
        // gh makes the pull request first and asks for its reviewers and labels in a request of
        // its own (cli/cli pkg/cmd/pr/create): when that one fails (GitHub refuses to ask the
        // author for a review), gh prints the new pull request's address on stdout and ends with
        // "pull request update failed". That one, by its number, is read before the person is told
        // nothing was made; without an address nothing was (the branch's older pull request into
        // another base must not pass for a new one).
        const madeNumber = /\/pull\/(\d+)\b/.exec(run.stdout)?.[1];
        const made =
          madeNumber && failure.code !== "pull_request_exists"
            ? await this.current(scope, Number(madeNumber)).catch(() => null)
            : null;
        if (made?.state !== "open") throw failure;
        const said = gitSaid(run, 3);
        return {
          branch: draft.branch,
          pullRequest: made,
          notice: `#${made.number} was created, but gh could not add all of its reviewers and labels${said ? ` (it said: ${said})` : ""}. Add them on GitHub.`,
        };
      }
      return { branch: draft.branch, pullRequest: await this.current(scope) };
    });
  }
}
