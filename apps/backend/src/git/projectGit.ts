// The Files tab's git work in a session's project folder: the scope every call runs in (the folder,
// its environment, the action's budget), its state, the uncommitted changes and a file's patch;
// the clicks (commit, branch, pull, push) are in gitActions.ts. Every git call runs through runGit
// (argument array, no shell, scrubbed environment, deadline) inside the project folder. One action
// at a time per folder.
import { realpath } from "node:fs/promises";
import { resolve } from "node:path";
import {
  type GitActionResponse,
  type GitCommitFilesResponse,
  type GitCommitResponse,
  type GitDiffResponse,
  type GitDiscardResponse,
  type GitLogResponse,
  type GitSelection,
  type GitSelectionResponse,
  type GitStash,
  type GitStashActionRequest,
  type GitStashActionResponse,
  type GitStatusResponse,
  type GitUndoDiscardResponse,
  type GitWorkFile,
  type GitWorkState,
  type GitWorktree,
  type GitWorktreeActionResponse,
  type GitWorktreeChangesResponse,
  type GitWorktreeTakeResponse,
  gitLocalBudgetMs,
  gitLocalDeadlineMs,
  gitNetworkBudgetMs,
  gitNetworkDeadlineMs,
  maxGitFilesListed,
} from "@turnkey/contracts";
import { isInside, normalizeProjectPath, PathRefusedError } from "../files/containment.ts";
import { OneAtATime } from "../oneAtATime.ts";
import { changePage } from "./changeList.ts";
import { type CommitChoice, selectionView } from "./commitChoice.ts";
import { discard, undoDiscard } from "./discard.ts";
import { DiscardStore } from "./discardStore.ts";
import { defaultFolderLookupMs, folderWithin } from "./folderLookup.ts";
import * as actions from "./gitActions.ts";
import { GitBudget } from "./gitBudget.ts";
import { type GitIn, literal, patchOf, withLineCounts } from "./gitChanges.ts";
import { gitEnvironment } from "./gitEnvironment.ts";
import { type GitAction, GitError, gitFailure } from "./gitErrors.ts";
import { repositoryFilterOffs, unasked } from "./gitFilters.ts";
import * as history from "./gitHistory.ts";
import { type GitPlace, GitRunner, type GitRunnerOptions } from "./gitRunner.ts";
import * as stashing from "./gitStash.ts";
import { parseBranches, parseHead, parseLines, parseStatus, statusArgs } from "./gitState.ts";
import * as worktrees from "./gitWorktree.ts";
import { takeWorktreeChanges, worktreeChanges } from "./worktreeChanges.ts";
import { noWorktreeHooks, type WorktreeHooks } from "./worktreeHooks.ts";
import { wouldCommit } from "./wouldCommit.ts";

export interface ProjectGitOptions extends GitRunnerOptions {
  /** The session's project folder (opencode's session directory), or undefined when it has none. */
  folderOf: (sessionID: string) => Promise<string | undefined>;
  /** Folders whose files are never listed or committed even inside a project: the backend's data folder. */
  privateFolders: string[];
  /** The provider key names known so far (ProviderSecrets), null while unknown. */
  providerKeyNames: () => readonly string[] | null;
  /** The environment git starts from; the backend's own by default (read at each call). */
  baseEnv?: () => NodeJS.ProcessEnv;
  /** One git call's deadline, local work (hooks included) and the network; cut to the action's budget. */
  localDeadlineMs?: number;
  networkDeadlineMs?: number;
  /** One action's whole time, every step included (gitBudget.ts): a read, commit or branch, and pull or push. */
  localBudgetMs?: number;
  networkBudgetMs?: number;
  /** The deadline of the OpenCode call that finds the chat's folder (folderLookup.ts). */
  folderLookupMs?: number;
  /** Where running git is recorded, for the next backend to end after a crash (runGit's recordIn). */
  recordDir?: string;
  /** Most changed files an answer lists (maxGitFilesListed; lowered by tests). */
  maxFilesListed?: number;
  /** The branch checked out in `folder` changed (a switch, a new branch): the projects' list shows it at once. */
  onBranchMoved?: (folder: string) => void;
  /** What the worktrees need from the rest of the backend (worktreeHooks.ts); none by default. */
  worktrees?: WorktreeHooks;
}

export interface Scope {
  folder: string;
  env: NodeJS.ProcessEnv;
  /** The private folders' real paths. */
  hidden: string[];
  /** The action's time, which every git call of it is cut to. */
  budget: GitBudget;
  /** unasked plus the repository's filter drivers switched off, listed once per action. */
  unasked?: Promise<string[]>;
}

/** How long the Files tab's git may run: per call, per action, the folder lookup (tests shorten them). */
export type GitLimits = Pick<
  ProjectGitOptions,
  "localDeadlineMs" | "networkDeadlineMs" | "localBudgetMs" | "networkBudgetMs" | "folderLookupMs"
>;

export class ProjectGit {
  private readonly oneAction = new OneAtATime<string>(
    () =>
      new GitError(
        409,
        "git_refused",
        "Another git action is still running in this project: wait for it to finish, then try again.",
      ),
  );
  readonly runner: GitRunner;
  /** What the worktrees need from the rest of the backend (gitWorktree.ts). */
  readonly worktreeHooks: WorktreeHooks;
  /** What each discard took away, for its Undo (discardStore.ts). */
  private readonly discarded = new DiscardStore();

  constructor(private readonly options: ProjectGitOptions) {
    this.runner = new GitRunner(options.recordDir, options);
    this.worktreeHooks = options.worktrees ?? noWorktreeHooks;
  }

  /**
   * Every git call of this class (gitRunner.ts), its deadline local unless said; `program`: another
   * program run the same way in the project (ripgrep: files/textSearch.ts), `signal` ending it early.
   */
  run(
    place: GitPlace,
    args: string[],
    options: { stepMs?: number } & Omit<NonNullable<Parameters<GitRunner["run"]>[3]>, "shellLine"> = {},
  ) {
    const { stepMs, ...more } = options;
    return this.runner.run(place, args, stepMs ?? this.localMs, more);
  }

  /** Ends every git still running: on POSIX it would outlive the backend (review 5, L6). */
  close(): Promise<void> {
    return this.runner.close();
  }

  /** Ends the git an earlier backend left running when it was killed or crashed (review 5, L6). */
  reapOrphans(log: (message: string) => void): Promise<void> {
    return this.runner.reapOrphans(log);
  }

  private get localMs() {
    return this.options.localDeadlineMs ?? gitLocalDeadlineMs;
  }
  get networkMs() {
    return this.options.networkDeadlineMs ?? gitNetworkDeadlineMs;
  }
  private get listCap() {
    return this.options.maxFilesListed ?? maxGitFilesListed;
  }

  async scope(sessionID: string, forNetwork = false): Promise<Scope> {
    const budget = new GitBudget(
      forNetwork
        ? (this.options.networkBudgetMs ?? gitNetworkBudgetMs)
        : (this.options.localBudgetMs ?? gitLocalBudgetMs),
    );
    const lookupMs = Math.min(this.options.folderLookupMs ?? defaultFolderLookupMs, budget.leftMs());
    const asked = await folderWithin(lookupMs, () => this.options.folderOf(sessionID));
    if (!asked) throw new PathRefusedError(404, "not_found", "This chat has no project folder to run git in.");
    const folder = await realpath(asked).catch((error: NodeJS.ErrnoException) => {
      // git started in a folder that is gone fails as if git were missing (spawn's ENOENT): say what is.
      if (error.code === "ENOENT" || error.code === "ENOTDIR")
        throw new PathRefusedError(
          404,
          "not_found",
          `The folder ${asked} no longer exists, so git cannot run in it. Its chats stay readable: open another project to go on.`,
        );
      return resolve(asked);
    });
    const hidden = await Promise.all(this.options.privateFolders.map((p) => realpath(p).catch(() => resolve(p))));
    if (hidden.some((p) => isInside(p, folder)))
      throw new PathRefusedError(
        403,
        "path_outside_project",
        "git does not run inside OpenCode Turnkey's own data folder.",
      );
    if (!forNetwork) return { folder, env: this.environment(folder), hidden, budget };
    // Only pull and push reach ssh; the user's own core.sshCommand is kept (see gitEnvironment).
    const own = await this.run({ folder, env: this.environment(folder), budget }, [
      "config",
      "--get",
      "core.sshCommand",
    ]);
    return { folder, env: this.environment(folder, own.code === 0 && own.stdout.trim() !== ""), hidden, budget };
  }

  /** git's environment for work in `folder` (gitEnvironment.ts), from the backend's own at this call. */
  private environment(folder: string, ownSshCommand = false): NodeJS.ProcessEnv {
    const base = this.options.baseEnv?.() ?? process.env;
    return gitEnvironment({
      base,
      providerKeyNames: this.options.providerKeyNames(),
      projectFolder: folder,
      ownSshCommand,
    });
  }

  /** A place to run git in `folder` outside any chat (wouldCommit.ts), with a local action's time. */
  placeAt(folder: string): GitPlace {
    return {
      folder,
      env: this.environment(folder),
      budget: new GitBudget(this.options.localBudgetMs ?? gitLocalBudgetMs),
    };
  }

  /** Whether git would take `file` into a commit of its repository (wouldCommit.ts). */
  wouldCommit(file: string): Promise<boolean | "unknown"> {
    return wouldCommit(this, file);
  }

  /** A git call whose failure is a GitError for `action` (gitErrors.ts). */
  async git(scope: Scope, action: GitAction, args: string[], extra: { input?: string; network?: boolean } = {}) {
    const stepMs = extra.network ? this.networkMs : this.localMs;
    const run = await this.run(scope, args, { stepMs, ...(extra.input !== undefined ? { input: extra.input } : {}) });
    if (run.code !== 0) throw gitFailure(action, run, run.reportMs);
    return run;
  }

  /** Says a switch or a new branch happened in `folder` (the chat window's branch line, the tray). */
  branchMoved(folder: string): void {
    this.options.onBranchMoved?.(folder);
  }

  /** One mutation at a time per folder: a second click while a push runs is told to wait. */
  exclusive<T>(folder: string, work: () => Promise<T>, refusal?: () => GitError): Promise<T> {
    return this.oneAction.run(folder, work, refusal);
  }

  /** A path inside the backend's data folder (a home folder under git): never listed, never committed. */
  private isPrivate(scope: Scope, path: string): boolean {
    const absolute = resolve(scope.folder, path);
    return scope.hidden.some((p) => isInside(p, absolute));
  }

  /** The state as sent: the first listCap changed files by path, the rest counted (moreFiles). */
  async read(scope: Scope): Promise<GitWorkState> {
    const state = await this.readAll(scope);
    const more = state.files.length - this.listCap;
    return more > 0 ? { ...state, files: state.files.slice(0, this.listCap), moreFiles: more } : state;
  }

  async readAll(scope: Scope): Promise<GitWorkState> {
    const unasked = await this.unaskedArgs(scope);
    const [status, head, branches, remotes] = await Promise.all([
      this.git(scope, "status", [...unasked, ...statusArgs, "--branch"]),
      // --no-show-signature: `log.showSignature` in .git/config would run gpg.program (review 6, S6).
      this.run(scope, [...unasked, "log", "-1", "--no-show-signature", "--format=%H%x00%h%x00%s"]),
      this.git(scope, "status", [...unasked, "for-each-ref", "--format=%(refname)", "refs/heads/"]),
      this.git(scope, "status", [...unasked, "remote"]),
    ]);
    const summary = parseStatus(status.stdout);
    return {
      ...summary,
      files: summary.files.filter((f) => !this.isPrivate(scope, f.path)),
      head: head.code === 0 ? parseHead(head.stdout) : null,
      branches: parseBranches(branches.stdout),
      remotes: parseLines(remotes.stdout),
    };
  }

  async state(sessionID: string): Promise<GitWorkState> {
    return this.read(await this.scope(sessionID));
  }

  /**
   * The uncommitted changes for the Files tab: the first `limit` changed files by path (at most the
   * list cap) after the path `after` (the last one of the page before: every file can be reached),
   * whose path holds `filter` (changeList.ts), with their line counts, the rest counted; nothing in
   * a folder that is not a repository.
   */
  async changes(sessionID: string, limit: number, after?: string, filter?: string): Promise<GitStatusResponse> {
    const scope = await this.scope(sessionID);
    const notRepository = (error: unknown) => {
      if (error instanceof GitError && error.code === "not_a_repository") return null;
      throw error;
    };
    const [state, head] = await Promise.all([this.readAll(scope).catch(notRepository), this.hasHead(scope)]);
    if (!state) return { files: [] };
    const page = changePage(state.files, { limit, cap: this.listCap, after, filter });
    const files = await withLineCounts(scope.folder, page.files, head, this.gitIn(scope));
    return page.more > 0 ? { files, more: page.more } : { files };
  }

  /** One changed file's patch, made when the file is opened; only a path git lists as changed. */
  async diff(sessionID: string, path: string): Promise<GitDiffResponse> {
    const scope = await this.scope(sessionID);
    const asked = normalizeProjectPath(path);
    const [file, head] = await Promise.all([this.changedFile(scope, asked), this.hasHead(scope)]);
    if (!file)
      throw new PathRefusedError(
        404,
        "not_found",
        `${asked} is not among the changed files any more. Refresh the list.`,
      );
    return { path: asked, patch: await patchOf(scope.folder, file, head, this.gitIn(scope)) };
  }

  /**
   * The one file's status, not the whole project's: with a literal pathspec git compares only that
   * index entry and walks only the folders that lead to it (a file's patch waited 0.6–1.6 s on a
   * full status at 50,000 new files). A private path is never a changed file.
   */
  async changedFile(scope: Scope, path: string): Promise<GitWorkFile | undefined> {
    if (this.isPrivate(scope, path)) return undefined;
    const unasked = await this.unaskedArgs(scope);
    const run = await this.git(scope, "status", [...unasked, ...statusArgs, "--", literal(path)]);
    return parseStatus(run.stdout).files.find((f) => f.path === path);
  }

  /** git in the project folder as an unasked read (no prompt, no filter drivers). */
  gitIn(scope: Scope): GitIn {
    return async (args) => this.run(scope, [...(await this.unaskedArgs(scope)), ...args]);
  }

  /** `unasked` and a `-c` for each filter driver the repository's own config defines (review 6, S2). */
  unaskedArgs(scope: Scope): Promise<string[]> {
    scope.unasked ??= repositoryFilterOffs((args) => this.run(scope, [...unasked, ...args])).then((offs) => [
      ...unasked,
      ...offs,
    ]);
    return scope.unasked;
  }

  async hasHead(scope: Scope): Promise<boolean> {
    return (await this.gitIn(scope)(["rev-parse", "--verify", "--quiet", "HEAD"])).code === 0;
  }

  /** The commit form's list and counts for a selection over every changed file (commitChoice.ts). */
  async selection(sessionID: string, selection: GitSelection, filter = ""): Promise<GitSelectionResponse> {
    const state = await this.readAll(await this.scope(sessionID));
    return selectionView(state.files, selection, filter, this.listCap);
  }

  /** The clicks (gitActions.ts, discard.ts): a commit of chosen files, a branch, pull and push, a discard. */
  commit(sessionID: string, message: string, choice: CommitChoice): Promise<GitCommitResponse> {
    return actions.commit(this, sessionID, message, choice);
  }
  branch(sessionID: string, name: string, create: boolean): Promise<GitActionResponse> {
    return actions.branch(this, sessionID, name, create);
  }
  fetch(sessionID: string): Promise<GitActionResponse> {
    return actions.fetch(this, sessionID);
  }
  pull(sessionID: string): Promise<GitActionResponse> {
    return actions.pull(this, sessionID);
  }
  push(sessionID: string, publishTo?: string): Promise<GitActionResponse> {
    return actions.push(this, sessionID, publishTo);
  }
  /** The branch's commits, newest first, `limit` after the first `skip` (gitHistory.ts). */
  log(sessionID: string, limit: number, skip: number): Promise<GitLogResponse> {
    return history.log(this, sessionID, limit, skip);
  }
  /** What one commit changed, against its first parent. */
  commitFiles(sessionID: string, hash: string): Promise<GitCommitFilesResponse> {
    return history.commitFiles(this, sessionID, hash);
  }
  /** One file's patch in a commit. */
  commitDiff(sessionID: string, hash: string, path: string): Promise<GitDiffResponse> {
    return history.commitDiff(this, sessionID, hash, path);
  }
  /** The stashes, newest first; one made of every uncommitted change; one applied, popped or dropped (gitStash.ts). */
  stashes(sessionID: string): Promise<GitStash[]> {
    return stashing.stashes(this, sessionID);
  }
  stash(sessionID: string, message?: string): Promise<GitStashActionResponse> {
    return stashing.stash(this, sessionID, message);
  }
  stashAction(sessionID: string, request: GitStashActionRequest): Promise<GitStashActionResponse> {
    return stashing.stashAction(this, sessionID, request);
  }
  /** The repository's folders; a new one on its own branch; one removed (gitWorktree.ts). */
  worktrees(sessionID: string): Promise<GitWorktree[]> {
    return worktrees.worktrees(this, sessionID);
  }
  addWorktree(sessionID: string, branch: string): Promise<GitWorktreeActionResponse> {
    return worktrees.addWorktree(this, sessionID, branch);
  }
  removeWorktree(sessionID: string, path: string, force: boolean): Promise<GitWorktreeActionResponse> {
    return worktrees.removeWorktree(this, sessionID, path, force);
  }
  /** What a worktree changed since its branch left this folder's, and those changes brought here (worktreeChanges.ts). */
  worktreeChanges(sessionID: string, path: string): Promise<GitWorktreeChangesResponse> {
    return worktreeChanges(this, sessionID, path);
  }
  takeWorktreeChanges(sessionID: string, path: string): Promise<GitWorktreeTakeResponse> {
    return takeWorktreeChanges(this, sessionID, path);
  }
  /** One file back as the last commit has it, kept for Undo (discard.ts). */
  discard(sessionID: string, path: string): Promise<GitDiscardResponse> {
    return discard(this, this.discarded, sessionID, path);
  }
  undoDiscard(sessionID: string, undo: string): Promise<GitUndoDiscardResponse> {
    return undoDiscard(this, this.discarded, sessionID, undo);
  }
}
