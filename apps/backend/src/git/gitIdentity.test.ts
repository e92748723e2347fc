// Who the commit form commits as, with real git in a temp repository and a temp home (its
// ~/.gitconfig the user's settings): where each half comes from in git's own order (the
// environment, author.*, user.* by scope, the committer too), a guess said as one (whose outcome on
// a real machine depends on its host name, so by itself), nothing set and git unable to tell, and a
// name and email set for the repository or every repository, used by a commit; and what git
// would refuse or strip, refused before anything is written.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { refusal, tempRepo } from "../../test/tempGitRepo.ts";
import { identityOf, identityProblem, readIdentity, setIdentity } from "./gitIdentity.ts";
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

const run = (stdout: string, code = 0) => ({ code, stdout });
const unset = run("", 1);

describe("who git would sign a commit as", () => {
  it("names where each setting comes from, in git's own order, with real git", async () => {
    const cases: { env?: Record<string, string>; config: string[][]; from: string | null; email?: string }[] = [
      {
        config: [
          ["--local", "user.name", "Ann"],
          ["--local", "user.email", "ann@example.com"],
        ],
        from: "repository",
      },
      {
        config: [
          ["--global", "user.name", "Ann"],
          ["--global", "user.email", "ann@example.com"],
        ],
        from: "user",
      },
      {
        env: { GIT_AUTHOR_EMAIL: "ci@example.com" },
        config: [
          ["--global", "user.name", "Ann"],
          ["--global", "user.email", "ann@example.com"],
        ],
        from: "environment",
        email: "ci@example.com",
      },
      // author.email wins over user.email, which the form writes: said as "another way".
      {
        config: [
          ["--global", "user.name", "Ann"],
          ["--global", "author.email", "a@example.com"],
        ],
        from: "other",
      },
      // An empty variable is used all the same (git signs `Ann <>`).
      {
        env: { GIT_AUTHOR_EMAIL: "" },
        config: [
          ["--global", "user.name", "Ann"],
          ["--global", "user.email", "ann@example.com"],
        ],
        from: "environment",
        email: "",
      },
      // The name set here, the email for every repository: the wider of the two is said.
      {
        config: [
          ["--local", "user.name", "Ann"],
          ["--global", "user.email", "ann@example.com"],
        ],
        from: "user",
      },
      // An author from the environment but no committer anywhere: a commit is refused, so nobody.
      {
        env: { GIT_AUTHOR_NAME: "CI", GIT_AUTHOR_EMAIL: "ci@example.com" },
        config: [["--global", "user.useConfigOnly", "true"]],
        from: null,
      },
    ];
    for (const { env, config, from, email } of cases) {
      const { git, plainGit } = repoWith(env);
      for (const args of config) plainGit("config", ...args);
      const identity = await readIdentity(git, "ses_1");
      expect({ config, from: identity.from }).toEqual({ config, from });
      if (email !== undefined) expect(identity.email).toBe(email);
    }
  });

  it("says a guess when either half is one, and nobody when git fails", () => {
    const author = run("root <root@vm.lan> 1700000000 +0100\n");
    const half = (user: string) => ({ variable: undefined, author: unset, user: user ? run(user) : unset });
    expect(identityOf(author, author, half(""), half("local\troot@vm.lan\n"))).toEqual({
      name: "root",
      email: "root@vm.lan",
      from: "guessed",
    });
    expect(identityOf(author, author, half("local\troot\n"), { ...half(""), fallback: "root@vm.lan" }).from).toBe(
      "environment",
    );
    expect(identityOf(run("", 128), author, half(""), half("")).name).toBeNull();
  });

  it("reads nothing when git cannot tell, then sets and uses a name for this repository alone", async () => {
    // Nothing set, and the user told git never to guess (user.useConfigOnly): a commit is refused.
    const { project, home, git, plainGit } = repoWith();
    writeFileSync(join(home, ".gitconfig"), "[user]\n\tuseConfigOnly = true\n");
    expect(await readIdentity(git, "ses_1")).toEqual({ name: null, email: null, from: null });

    const bad = await refusal(
      setIdentity(git, "ses_1", { name: "Ann <Lee>", email: "ann@example.com", scope: "repository" }),
    );
    expect(bad).toMatchObject({ httpStatus: 400, message: "A name cannot hold < or >." });
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
      /^Commits in every repository of yours are now signed Ann <ann@example.com>\. git still signs as CI <ci@example.com>: GIT_AUTHOR_NAME, GIT_AUTHOR_EMAIL or GIT_CONFIG_\* in the environment/,
    );
  });

  it("refuses what git would refuse or strip, before anything is written", async () => {
    const problem = (name: string, email: string) => identityProblem({ name, email, scope: "user" });
    expect(problem(".", "ann@example.com")).toMatch(/^Write your name with letters/);
    expect(problem("Ann", "ann@example.com.")).toMatch(/^Write an email address/);
    expect(problem("Ann", "z\0@x.y")).toMatch(/control character/);
    expect(problem("Ann\tLee", "ann@example.com")).toMatch(/control character/);
    expect(problem("Ann O'Neil", "ann@example.com")).toBeNull();
    // Refused as a whole: neither half is written.
    const { home, git } = repoWith();
    expect(
      (await refusal(setIdentity(git, "ses_1", { name: "...", email: "ann@example.com", scope: "user" }))).httpStatus,
    ).toBe(400);
    expect(() => readFileSync(join(home, ".gitconfig"), "utf8")).toThrow();
  });
});
