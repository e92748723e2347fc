// Who the commit form commits as, and setting it there: a first commit on a machine where git was
// never told a name is refused ("Please tell me who you are"), and one where git could guess from
// the user and host names goes out as `alice@laptop.(none)` with nobody the wiser. So the form
// shows the identity git would use now and where it comes from, and takes a name and email for
// this repository (`git config --local`) or for every repository of the user's (`--global`),
// as git's own message advises; OpenChamber's git identities are the same idea.
// git decides, not us: `git var GIT_AUTHOR_IDENT` answers with what a commit would carry (the
// environment's GIT_AUTHOR_* and EMAIL, `author.*`, `user.*`, then the guess; git-var(1)), and
// fails as a commit would when it cannot tell. `git config --show-scope` (git 2.26+) says where
// each setting was found.
import type { GitIdentity, GitIdentityRequest, GitIdentityResponse, GitIdentitySource } from "@turnkey/contracts";
import { GitError } from "./gitErrors.ts";
import type { ProjectGit, Scope } from "./projectGit.ts";

const none: GitIdentity = { name: null, email: null, from: null };

type Run = { code: number | null; stdout: string };

/** Where `git config --show-scope --get` found the setting ("<scope>\t<value>"), or null when unset. */
function scopeOf(run: Run): string | null {
  const tab = run.stdout.indexOf("\t");
  return run.code === 0 && tab !== -1 ? run.stdout.slice(0, tab) : null;
}

const scopes: Record<string, GitIdentitySource> = {
  local: "repository",
  worktree: "repository",
  global: "user",
  system: "system",
  // `-c` and GIT_CONFIG_* in the environment the app was started with.
  command: "environment",
};

/** What git reads for one half of the identity, in its order (ident.c): the first found decides. */
export interface IdentityHalf {
  /** GIT_AUTHOR_NAME or GIT_AUTHOR_EMAIL: used when set, even empty. */
  variable: string | undefined;
  /** author.name or author.email, from git's settings. */
  author: Run;
  /** user.name or user.email. */
  user: Run;
  /** The email only: EMAIL, read when no setting gives one. */
  fallback?: string | undefined;
}

function sourceOf(half: IdentityHalf): GitIdentitySource {
  if (half.variable !== undefined) return "environment";
  if (scopeOf(half.author) !== null) return "other";
  const user = scopeOf(half.user);
  if (user !== null) return scopes[user] ?? "other";
  if (half.fallback) return "environment";
  return "guessed";
}

/** The narrower claim of two: a guess anywhere is said, then the environment, then another way. */
const rank: GitIdentitySource[] = ["guessed", "environment", "other", "system", "user", "repository"];

/**
 * The identity from git's answers: `git var GIT_AUTHOR_IDENT` ("Name <email> 1700000000 +0100"),
 * `git var GIT_COMMITTER_IDENT` (a commit needs both: the environment can name an author alone),
 * and where each half comes from.
 */
export function identityOf(author: Run, committer: Run, name: IdentityHalf, email: IdentityHalf): GitIdentity {
  if (author.code !== 0 || committer.code !== 0) return none;
  const parsed = /^(.*) <(.*)> \d+ [+-]\d{4}\s*$/.exec(author.stdout.trim());
  if (!parsed) return none;
  const sources = [sourceOf(name), sourceOf(email)];
  const from = rank.find((source) => sources.includes(source)) ?? "other";
  return { name: parsed[1] ?? "", email: parsed[2] ?? "", from };
}

/** ident.c's "crud": what git strips from both ends of a name or an address. */
const crud = (c: string) => c <= " " || ".,:;<>\"\\'".includes(c);

/** What a person typed as a name and an email, or a sentence saying what is wrong with it. */
export function identityProblem(request: GitIdentityRequest): string | null {
  const name = request.name.trim();
  const email = request.email.trim();
  if (name === "") return "Write your name: it is what your commits show as their author.";
  if ([...name, ...email].some((c) => c < " " || c === "\x7f"))
    return "A name or an address cannot hold a line break or another control character.";
  // git would take these out of a name silently, or refuse a name of nothing else (ident.c).
  if (/[<>]/.test(name)) return "A name cannot hold < or >.";
  if ([...name].every(crud)) return "Write your name with letters: git refuses one made only of punctuation.";
  if (!/^[^\s<>@]+@[^\s<>@]+$/.test(email) || crud(email[0]!) || crud(email.at(-1)!))
    return "Write an email address like you@example.com (no spaces, no < or >, nothing after its last letter). It goes in every commit you make.";
  return null;
}

export async function readIdentity(git: ProjectGit, sessionID: string): Promise<GitIdentity> {
  return readIn(git, await git.scope(sessionID));
}

/** Read with the environment git itself runs with here (the scope's). */
async function readIn(git: ProjectGit, scope: Scope): Promise<GitIdentity> {
  const read = git.gitIn(scope);
  const setting = (key: string) => read(["config", "--show-scope", "--get", key]);
  const [author, committer, authorName, authorEmail, userName, userEmail] = await Promise.all([
    read(["var", "GIT_AUTHOR_IDENT"]),
    read(["var", "GIT_COMMITTER_IDENT"]),
    setting("author.name"),
    setting("author.email"),
    setting("user.name"),
    setting("user.email"),
  ]);
  const env = scope.env;
  return identityOf(
    author,
    committer,
    { variable: env.GIT_AUTHOR_NAME, author: authorName, user: userName },
    { variable: env.GIT_AUTHOR_EMAIL, author: authorEmail, user: userEmail, fallback: env.EMAIL },
  );
}

const stillWins: Partial<Record<GitIdentitySource, string>> = {
  environment: "GIT_AUTHOR_NAME, GIT_AUTHOR_EMAIL or GIT_CONFIG_* in the environment the app started with come first",
  other: "author.name or author.email in git's settings come first",
  repository: "this repository's own setting comes first",
};

/** Sets user.name and user.email for the repository or the user, then reads what git now uses. */
export async function setIdentity(
  git: ProjectGit,
  sessionID: string,
  request: GitIdentityRequest,
): Promise<GitIdentityResponse> {
  const problem = identityProblem(request);
  if (problem) throw new GitError(400, "invalid_request", problem);
  const name = request.name.trim();
  const email = request.email.trim();
  const scope = await git.scope(sessionID);
  return git.exclusive(scope.folder, async () => {
    const where = request.scope === "repository" ? "--local" : "--global";
    // The value follows the key: git stops reading options there, so a value starting with "-" is a value.
    await git.git(scope, "identity", ["config", where, "user.email", email]);
    await git.git(scope, "identity", ["config", where, "user.name", name]);
    const identity = await readIn(git, scope);
    const place = request.scope === "repository" ? "this repository" : "every repository of yours";
    let after = "";
    if (identity.name === null)
      after = " git still cannot sign a commit with it: read the line above, or set it in a terminal to see why.";
    else if (identity.name !== name || identity.email !== email)
      after = ` git still signs as ${identity.name} <${identity.email}>: ${(identity.from && stillWins[identity.from]) ?? "another setting comes first"}.`;
    return { done: `Commits in ${place} are now signed ${name} <${email}>.${after}`, identity };
  });
}
