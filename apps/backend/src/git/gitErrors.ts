// What a failed git command means for the person in the Files tab, as one sentence that says what
// to do, chosen from git's own message (git runs with LC_ALL=C, so its wording is stable). git's
// last lines follow the sentence when they add something (which files, which hook said what).
import type { ErrorCode } from "@turnkey/contracts";
import { formatDuration } from "@turnkey/contracts";
import { ApiRefusal } from "../apiError.ts";
import type { GitRun } from "./runGit.ts";

export class GitError extends ApiRefusal {
  declare readonly httpStatus: 400 | 403 | 404 | 409 | 502 | 503 | 504;
  declare readonly code: ErrorCode;
  constructor(httpStatus: 400 | 403 | 404 | 409 | 502 | 503 | 504, code: ErrorCode, message: string) {
    super(httpStatus, code, message);
  }
}

export type GitAction =
  | "status"
  | "commit"
  | "switch"
  | "create"
  | "fetch"
  | "pull"
  | "push"
  | "discard"
  | "undo"
  | "stash"
  | "worktree"
  | "identity";

const verb: Record<GitAction, string> = {
  status: "read the project's git state",
  commit: "commit",
  switch: "switch branches",
  create: "create the branch",
  fetch: "fetch",
  pull: "pull",
  push: "push",
  discard: "discard the file's changes",
  undo: "put the discarded file back",
  stash: "work with the stash",
  worktree: "work with the worktrees",
  identity: "set your name and email",
};

/** git's message without hint lines, at most a few lines, for quoting after our sentence. */
export function gitSaid(run: Pick<GitRun, "stderr" | "stdout">, maxLines = 8): string {
  const lines = `${run.stderr}\n${run.stdout}`
    .split(/\r?\n/)
    .map((l) => l.trimEnd())
    .filter((l) => l.trim() !== "" && !l.startsWith("hint:"));
  const kept = lines.slice(0, maxLines);
  if (lines.length > maxLines) kept.push("…");
  return kept.join("\n");
}

/** The files git lists (tab-indented) under "would be overwritten". */
function listedFiles(text: string): string[] {
  return text
    .split(/\r?\n/)
    .filter((l) => l.startsWith("\t"))
    .map((l) => l.trim());
}

function named(files: string[]): string {
  if (files.length === 0) return "some files";
  const shown = files.slice(0, 5).join(", ");
  return files.length > 5 ? `${shown} and ${files.length - 5} more` : shown;
}

export function gitFailure(action: GitAction, run: GitRun, deadlineMs: number): GitError {
  if (run.missing)
    return new GitError(
      503,
      "git_unavailable",
      "git is not installed or not on PATH, so the Files tab cannot run it. Install git (git-scm.com), then restart OpenCode Turnkey.",
    );
  if (run.timedOut)
    return new GitError(
      504,
      "git_timeout",
      action === "fetch" || action === "pull" || action === "push"
        ? `git did not finish within ${formatDuration(deadlineMs)}, so it was stopped: the remote did not answer, or it waited for a password or a key's passphrase that cannot be typed here. Check your network, and set up a credential helper or an ssh agent so that git needs no prompt, then try again.`
        : `git did not finish within ${formatDuration(deadlineMs)}, so it was stopped (a hook may have waited on something). Try again, or run it in a terminal to see what it waits for.`,
    );
  const text = `${run.stderr}\n${run.stdout}`;
  const said = gitSaid(run);
  const quote = said ? `\n${said}` : "";
  if (/not a git repository/i.test(text))
    return new GitError(
      409,
      "not_a_repository",
      "This project folder is not a git repository of its own (git looks no further up than the project folder). Run `git init` in it, or open the repository's top folder as the project.",
    );
  // Git for Windows keeps Win32's 260-character path limit unless core.longpaths is on (off by
  // default: its wiki, "Git cannot create a file or directory with a long path"); git then says
  // "Filename too long" for each path it cannot create, read or stat.
  if (/Filename too long/i.test(text))
    return new GitError(
      409,
      "git_refused",
      `A path in this project is longer than Windows' 260 characters, which git for Windows refuses unless long paths are on. Run \`git config --global core.longpaths true\` in a terminal, then try again.${quote}`,
    );
  // git gives gpg (or ssh-keygen, gpg.format=ssh) no terminal here, so a key that needs its
  // passphrase typed cannot be used; an agent holding the key, or a graphical pinentry, still works.
  if (/gpg failed to sign|failed to sign the data|error: Load key|Couldn't load public key/i.test(text))
    return new GitError(
      409,
      "git_refused",
      `git could not sign the commit: your signing key needs its passphrase, which cannot be typed here. Unlock the key in your agent (gpg-agent with a graphical pinentry, or ssh-add), or commit once from a terminal, then try again.${quote}`,
    );
  if (/would be overwritten by (checkout|merge|switch)/i.test(text)) {
    const files = named(listedFiles(text));
    const where = action === "pull" ? "Pulling" : "Switching branches";
    return new GitError(
      409,
      "git_refused",
      `${where} would overwrite your uncommitted changes to ${files}, so git did nothing. Commit those changes first (or stash them in a terminal), then try again.`,
    );
  }
  if (/has no upstream branch|no tracking information/i.test(text)) return noUpstream(action === "push");
  if (/\[rejected\]|\[remote rejected\]|failed to push some refs|non-fast-forward/i.test(text))
    return new GitError(
      409,
      "push_rejected",
      /remote rejected/i.test(text)
        ? `The remote refused the push (a protected branch or a server hook). Push to another branch and open a pull request there.${quote}`
        : "The remote has commits this branch does not have (rejected: non-fast-forward), so nothing was pushed. Pull first, then push again.",
    );
  if (
    /Authentication failed|could not read (Username|Password)|terminal prompts disabled|Permission denied \(|Host key verification failed|HTTP Basic: Access denied|returned error: 40[13]|invalid username or password/i.test(
      text,
    )
  )
    return new GitError(
      502,
      "git_auth_failed",
      /Host key verification failed/i.test(text)
        ? "The remote's ssh host key is not known yet, and it cannot be confirmed here. Connect once from a terminal (`ssh -T` to the host, or a git fetch) to accept it, then try again."
        : "The remote did not accept your credentials, and the Files tab cannot ask for a password. Set up a credential helper (or sign in with your git host's tool) or an ssh key in an agent, check it works with git in a terminal, then try again.",
    );
  if (
    /Could not read from remote repository|does not appear to be a git repository|Could not resolve host|unable to access/i.test(
      text,
    )
  )
    return new GitError(
      502,
      "git_refused",
      `git could not reach the remote. Check the network and the remote's address (git remote -v), then try again.${quote}`,
    );
  if (/divergent branches|Not possible to fast-forward/i.test(text))
    return new GitError(
      409,
      "git_refused",
      "This branch and its upstream have both moved on, and your git settings do not say how to combine them. Pull once in a terminal with `git pull --rebase` or `git pull --no-rebase` (or set pull.rebase), then carry on here.",
    );
  if (/CONFLICT|Automatic merge failed/i.test(text))
    return new GitError(
      409,
      "git_refused",
      `The pull stopped on conflicts in the files it lists below. Resolve them (or ask the agent to), then commit the result.${quote}`,
    );
  if (/Please tell me who you are|Author identity unknown|empty ident name/i.test(text))
    return new GitError(
      409,
      "git_refused",
      'git does not know who you are, so it cannot commit. Set your name and email under "Commits as" in the Files tab (or in a terminal: git config --global user.name "Your Name" and git config --global user.email you@example.com), then try again.',
    );
  if (/nothing (added )?to commit|no changes added to commit/i.test(text))
    return new GitError(
      409,
      "nothing_to_commit",
      "There is nothing to commit in the chosen files any more. Refresh the list.",
    );
  if (/already exists/i.test(text) && action === "create")
    return new GitError(
      409,
      "invalid_branch",
      "A branch of that name already exists: switch to it instead, or choose another name.",
    );
  return new GitError(
    409,
    "git_refused",
    `git could not ${verb[action]} (exit code ${run.code ?? "none"}). What it said:${quote || " nothing."}`,
  );
}

export function noUpstream(push: boolean): GitError {
  return new GitError(
    409,
    "no_upstream",
    push
      ? "This branch has no upstream yet, so git does not know where to push it. Publish it to a remote (the Publish button), and it tracks that branch from then on."
      : "This branch has no upstream, so there is nothing to pull from. Publish it first, or pull in a terminal from the branch you mean.",
  );
}
