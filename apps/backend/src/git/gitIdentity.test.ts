// Who the commit form commits as, with real git in a temp repository and a temp home (its
// ~/.gitconfig the user's settings): nothing set and git unable to tell, the repository's and the
// user's settings each named, the environment coming first (and a guess from the host name, whose
// outcome depends on the machine, in identityOf alone), and a name and email set for the repository or for every repository, then used by a commit.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { refusal, tempRepo } from "../../test/tempGitRepo.ts";
import { identityOf, readIdentity, setIdentity } from "./gitIdentity.ts";
import { ProjectGit } from "./projectGit.ts";

/** A repository whose git sees only `env` plus a home of its own (no system config). */
function repoWith(env: Record<string, string> = {}) {
  const { root, project } = tempRepo("turnkey identity-");
  const home = join(root, "home");
  mkdirSync(home);
  const base = {
    PATH: process.env.PATH ?? "",
    HOME: home,
    XDG_CONFIG_HOME: join(home, ".config"),
    GIT_CONFIG_NOSYSTEM: "1",
    ...env,
  };
  const git = new ProjectGit({
    folderOf: async () => project,
    privateFolders: [join(root, "data")],
    providerKeyNames: () => [],
    baseEnv: () => base,
  });
  const plainGit = (...args: string[]) => execFileSync("git", args, { cwd: project, env: base, encoding: "utf8" });
  return { project, home, git, plainGit };
}

const ident = (stdout: string, code = 0) => ({ code, stdout });

describe("who git would sign a commit as", () => {
  it("names where the identity comes from, the environment first", () => {
    const line = ident("Ann Lee <ann@example.com> 1700000000 +0100\n");
    expect(identityOf(line, ident("local\tann@example.com\n"), {})).toEqual({
      name: "Ann Lee",
      email: "ann@example.com",
      from: "repository",
    });
    expect(identityOf(line, ident("global\tann@example.com\n"), {}).from).toBe("user");
    expect(identityOf(line, ident("global\tann@example.com\n"), { GIT_AUTHOR_EMAIL: "x@y.z" }).from).toBe(
      "environment",
    );
    // user.email is set but git signs otherwise (author.email): said as another way.
    expect(identityOf(line, ident("global\told@example.com\n"), {}).from).toBe("other");
    // Nothing set: EMAIL from the environment, else a guess.
    expect(identityOf(line, ident("", 1), { EMAIL: "ann@example.com" }).from).toBe("environment");
    expect(identityOf(line, ident("", 1), {}).from).toBe("guessed");
    expect(identityOf(ident("", 128), ident("", 1), {})).toEqual({ name: null, email: null, from: null });
  });

  it("reads nothing when git cannot tell, then sets and uses a name for this repository alone", async () => {
    // Nothing set, and the user told git never to guess (user.useConfigOnly): a commit is refused.
    const { project, home, git, plainGit } = repoWith();
    writeFileSync(join(home, ".gitconfig"), "[user]\n\tuseConfigOnly = true\n");
    expect(await readIdentity(git, "ses_1")).toEqual({ name: null, email: null, from: null });

    const bad = await refusal(
      setIdentity(git, "ses_1", { name: "Ann <Lee>", email: "ann@example.com", scope: "repository" }),
    );
    expect(bad).toMatchObject({ httpStatus: 400, message: "A name cannot hold <, > or a line break." });
    const noAddress = await refusal(
      setIdentity(git, "ses_1", { name: "Ann", email: "ann at home", scope: "repository" }),
    );
    expect(noAddress.message).toMatch(/^Write an email address like you@example.com/);

    const done = await setIdentity(git, "ses_1", { name: " -Ann Lee ", email: "ann@example.com", scope: "repository" });
    expect(done.done).toBe("Commits in this repository are now signed -Ann Lee <ann@example.com>.");
    expect(done.identity).toEqual({ name: "-Ann Lee", email: "ann@example.com", from: "repository" });
    expect(readFileSync(join(project, ".git", "config"), "utf8")).toContain("email = ann@example.com");
    expect(readFileSync(join(home, ".gitconfig"), "utf8")).not.toContain("ann"); // the user's settings untouched
    writeFileSync(join(project, "a.txt"), "a\n");
    plainGit("add", "a.txt");
    plainGit("commit", "-qm", "first");
    expect(plainGit("log", "-1", "--format=%an <%ae>").trim()).toBe("-Ann Lee <ann@example.com>");
  });

  it("sets the user's own settings for every repository, and says when the environment still wins", async () => {
    const { home, git } = repoWith({ GIT_AUTHOR_EMAIL: "ci@example.com", GIT_AUTHOR_NAME: "CI" });
    const done = await setIdentity(git, "ses_1", { name: "Ann", email: "ann@example.com", scope: "user" });
    expect(readFileSync(join(home, ".gitconfig"), "utf8")).toContain("email = ann@example.com");
    expect(done.identity).toEqual({ name: "CI", email: "ci@example.com", from: "environment" });
    expect(done.done).toMatch(
      /^Commits in every repository of yours are now signed Ann <ann@example.com>\. git still signs as ci@example.com: GIT_AUTHOR_EMAIL or EMAIL/,
    );
  });
});
