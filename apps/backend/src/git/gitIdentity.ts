// Who the commit form commits as, and setting it there: a first commit on a machine where git was
// never told a name is refused ("Please tell me who you are"), and one where git could guess from
// the user and host names goes out as `alice@laptop.(none)` with nobody the wiser. So the form
// shows the identity git would use now and where it comes from, and takes a name and email for
// this repository (`git config --local`) or for every repository of the user's (`--global`),
// as git's own message advises; OpenChamber's git identities are the same idea.
// git decides, not us: `git var GIT_AUTHOR_IDENT` answers with what a commit would carry (the
// environment's GIT_AUTHOR_* and EMAIL, `author.*`, `user.*`, then the guess; git-var(1)), and
// fails as a commit would when it cannot tell. `git config --show-scope` (git 2.26+) says where
// user.email was found.
import type { GitIdentity, GitIdentityRequest, GitIdentityResponse, GitIdentitySource } from "@turnkey/contracts";
import { GitError } from "./gitErrors.ts";
import type { ProjectGit, Scope } from "./projectGit.ts";

const none: GitIdentity = { name: null, email: null, from: null };

/** `git config --show-scope --get` output: "<scope>\t<value>". */
function configured(run: { code: number | null; stdout: string }): { scope: string; value: string } | null {
  if (run.code !== 0) return null;
  const line = run.stdout.replace(/\r?\n$/, "");
  const tab = line.indexOf("\t");
  return tab === -1 ? null : { scope: line.slice(0, tab), value: line.slice(tab + 1) };
}

const scopes: Record<string, GitIdentitySource> = {
  local: "repository",
  worktree: "repository",
  global: "user",
  system: "system",
};

/**
 * The identity from git's three answers: `git var GIT_AUTHOR_IDENT` ("Name <email> 1700000000 +0100")
 * and where user.name and user.email are set. `env`: the environment git runs with.
 */
export function identityOf(
  ident: { code: number | null; stdout: string },
  emailSetting: { code: number | null; stdout: string },
  env: NodeJS.ProcessEnv,
): GitIdentity {
  if (ident.code !== 0) return none;
  const parsed = /^(.*) <(.*)> \d+ [+-]\d{4}\s*$/.exec(ident.stdout.trim());
  if (!parsed) return none;
  const [, name = "", email = ""] = parsed;
  const setting = configured(emailSetting);
  let from: GitIdentitySource;
  // git takes a variable that is set and not empty (ident.c).
  if (env.GIT_AUTHOR_EMAIL) from = "environment";
  else if (setting && setting.value === email) from = scopes[setting.scope] ?? "other";
  else if (env.EMAIL) from = "environment";
  else from = setting ? "other" : "guessed";
  return { name, email, from };
}

/** What a person typed as a name and an email, or a sentence saying what is wrong with it. */
export function identityProblem(request: GitIdentityRequest): string | null {
  const name = request.name.trim();
  const email = request.email.trim();
  if (name === "") return "Write your name: it is what your commits show as their author.";
  // git takes neither out of a name or an address (ident.c's crud rules would, silently).
  if (/[<>\n\r\0]/.test(name)) return "A name cannot hold <, > or a line break.";
  if (!/^[^\s<>@]+@[^\s<>@]+$/.test(email))
    return "Write an email address like you@example.com (no spaces, no < or >). It goes in every commit you make.";
  return null;
}

export async function readIdentity(git: ProjectGit, sessionID: string): Promise<GitIdentity> {
  return readIn(git, await git.scope(sessionID));
}

/** Read with the environment git itself runs with here (the scope's). */
async function readIn(git: ProjectGit, scope: Scope): Promise<GitIdentity> {
  const read = git.gitIn(scope);
  const [ident, email] = await Promise.all([
    read(["var", "GIT_AUTHOR_IDENT"]),
    read(["config", "--show-scope", "--get", "user.email"]),
  ]);
  return identityOf(ident, email, scope.env);
}

/** Sets user.name and user.email for the repository or the user, then reads what git now uses. */
export async function setIdentity(
  git: ProjectGit,
  sessionID: string,
  request: GitIdentityRequest,
): Promise<GitIdentityResponse> {
  const problem = identityProblem(request);
  if (problem) throw new GitError(400, "invalid_request", problem);
  const scope = await git.scope(sessionID);
  return git.exclusive(scope.folder, async () => {
    const where = request.scope === "repository" ? "--local" : "--global";
    // The value follows the key: git stops reading options there, so a value starting with "-" is a value.
    await git.git(scope, "identity", ["config", where, "user.name", request.name.trim()]);
    await git.git(scope, "identity", ["config", where, "user.email", request.email.trim()]);
    const identity = await readIn(git, scope);
    const place = request.scope === "repository" ? "this repository" : "every repository of yours";
    const overridden =
      identity.email !== request.email.trim()
        ? ` git still signs as ${identity.email ?? "nobody"}: ${identity.from === "environment" ? "GIT_AUTHOR_EMAIL or EMAIL in the environment the app started with comes first" : "a setting closer to this repository comes first"}.`
        : "";
    return {
      done: `Commits in ${place} are now signed ${request.name.trim()} <${request.email.trim()}>.${overridden}`,
      identity,
    };
  });
}
