// The Files tab's git routes through the backend (the fake sidecar names the session's folder) with
// real git in temp repositories: commit of chosen files (untracked ones too) and the empty message
// refused, a hook that sees none of our secrets, branches created, switched and a switch git
// refuses, names that would be options refused, push to a local bare remote, a rejected push, a
// pull without upstream, fetch of the branch's remote only, a remote that hangs past the deadline
// and one that refuses the key. Discard, history and stashes: gitDiscardStashHistory.test.ts.
import { execFileSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readFileSync, realpathSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { processOpsFor } from "@turnkey/sidecar";
import { afterEach, describe, expect, it } from "vitest";
import { backendIn, call, git, repo, sessionID } from "./gitProject.ts";
import { bearer, tempDir } from "./harness.ts";

const windows = process.platform === "win32";
/** A path as git for Windows' sh reads it: forward slashes (a backslash escapes there). */
const asShellPath = (file: string) => (windows ? file.replaceAll("\\", "/") : file);

const touched: string[] = [];
afterEach(() => {
  for (const name of touched.splice(0)) delete process.env[name];
});
function setEnv(name: string, value: string) {
  process.env[name] = value;
  touched.push(name);
}

describe("commit", () => {
  it("says who commits, and sets the name and email for the repository, refusing a bad address", async () => {
    const project = repo();
    const backend = await backendIn(project);
    const read = await call(backend, "identity");
    expect(read).toEqual({ status: 200, body: { name: "T", email: "t@example.com", from: "repository" } });
    const put = (body: unknown) =>
      fetch(`${backend.url}/api/sessions/${sessionID}/git/identity`, {
        method: "PUT",
        headers: { ...bearer(backend), "content-type": "application/json" },
        body: JSON.stringify(body),
      }).then(async (res) => ({ status: res.status, body: await res.json() }));
    const bad = await put({ name: "Ann", email: "ann", scope: "repository" });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/^Write an email address like you@example.com/);
    expect(git(project, "config", "--local", "user.email").trim()).toBe("t@example.com");
    const set = await put({ name: "Ann Lee", email: "ann@example.com", scope: "repository" });
    expect(set.status).toBe(200);
    expect(set.body.identity).toEqual({ name: "Ann Lee", email: "ann@example.com", from: "repository" });
    expect(git(project, "config", "--local", "user.email").trim()).toBe("ann@example.com");
  });

  it("commits the chosen files, untracked ones included, and refuses an empty message with nothing done", async () => {
    const project = repo();
    writeFileSync(join(project, "notes.txt"), "alpha\nbeta\n");
    mkdirSync(join(project, "new dir"));
    writeFileSync(join(project, "new dir", "a file.txt"), "new\n");
    writeFileSync(join(project, "later.txt"), "not yet\n");
    const backend = await backendIn(project);

    const state = await call(backend, "state");
    expect(state.status).toBe(200);
    expect(state.body).toMatchObject({ branch: "main", upstream: null, branches: ["main"] });
    expect(state.body.files).toEqual([
      { path: "later.txt", state: "untracked", staged: false },
      { path: "new dir/a file.txt", state: "untracked", staged: false },
      { path: "notes.txt", state: "modified", staged: false },
    ]);

    const empty = await call(backend, "commit", { message: "  \n ", paths: ["notes.txt"] });
    expect(empty.status).toBe(400);
    expect(empty.body.error.code).toBe("commit_message_required");
    expect(empty.body.error.message).toMatch(/Write a commit message/);
    expect(git(project, "rev-list", "--count", "HEAD").trim()).toBe("1");

    const done = await call(backend, "commit", {
      message: "Add the new file\n\nand beta",
      paths: ["notes.txt", "new dir/a file.txt"],
    });
    expect(done.status).toBe(200);
    expect(done.body.commit.subject).toBe("Add the new file");
    expect(done.body.commit.shortHash).toBe(git(project, "rev-parse", "--short", "HEAD").trim());
    expect(done.body.state.files).toEqual([{ path: "later.txt", state: "untracked", staged: false }]);
    expect(git(project, "show", "--name-only", "--format=", "HEAD").trim().split("\n").sort()).toEqual([
      "new dir/a file.txt",
      "notes.txt",
    ]);

    // A path no longer changed (or never listed) is refused; nothing is committed.
    const stale = await call(backend, "commit", { message: "again", paths: ["notes.txt"] });
    expect(stale.status).toBe(409);
    expect(stale.body.error.message).toMatch(/not among the changed files any more/);
  });

  it("runs the project's hook with the user's environment minus the token, the password and provider keys", async () => {
    const project = repo();
    const dump = join(realpathSync(tempDir()), "hook-env.txt");
    const hook = join(project, ".git", "hooks", "pre-commit");
    // On Windows git runs a hook that starts with #! through its bundled sh, execute bit or not
    // (git's is_executable() in run-command.c looks for the #! there).
    writeFileSync(hook, `#!/bin/sh\nenv > '${asShellPath(dump)}'\n`);
    chmodSync(hook, 0o755);
    writeFileSync(join(project, "notes.txt"), "changed\n");
    const backend = await backendIn(project);
    // As if the user's own environment held them when the backend started.
    setEnv("ANTHROPIC_API_KEY", "sk-ant-hook-secret-0001");
    setEnv("TURNKEY_TOKEN", "launch-token-in-env-0002");
    setEnv("OPENCODE_SERVER_PASSWORD", "sidecar-password-in-env-0003");
    setEnv("OPENCODE_CONFIG_CONTENT", '{"provider":{"x":{"options":{"apiKey":"cfg-key-0004"}}}}');
    setEnv("TURNKEY_GIT_TEST_ORDINARY", "x");
    setEnv("MY_ORDINARY_SETTING", "kept-0005");

    const done = await call(backend, "commit", { message: "hooked", paths: ["notes.txt"] });
    expect(done.status).toBe(200);
    const env = readFileSync(dump, "utf8");
    const password = backend.supervisor.connection()?.password;
    expect(password).toBeTruthy();
    for (const secret of [
      backend.token,
      password!,
      "sk-ant-hook-secret-0001",
      "launch-token-in-env-0002",
      "sidecar-password-in-env-0003",
      "cfg-key-0004",
    ])
      expect(env).not.toContain(secret);
    expect(env).not.toMatch(/^TURNKEY_/m);
    expect(env).toContain("MY_ORDINARY_SETTING=kept-0005"); // the user's own environment otherwise
    expect(env).toContain("GIT_TERMINAL_PROMPT=0");
  });
});

describe("pathspecs", () => {
  it("a project hook that lints the staged *.py files finds them, as from a terminal", async () => {
    const project = repo();
    const seen = join(realpathSync(tempDir()), "hook-saw.txt");
    const hook = join(project, ".git", "hooks", "pre-commit");
    // The everyday shape of a lint hook: select the staged files by pattern, refuse if one fails.
    writeFileSync(
      hook,
      `#!/bin/sh\nfiles=$(git diff --cached --name-only -- '*.py')\necho "[$files] LC_ALL=$LC_ALL" > '${asShellPath(seen)}'\n[ -z "$files" ] && exit 0\necho "lint failed: $files" >&2\nexit 1\n`,
    );
    chmodSync(hook, 0o755);
    writeFileSync(join(project, "bad.py"), "x = (\n");
    setEnv("LC_ALL", "C.UTF-8");
    const backend = await backendIn(project);
    const refused = await call(backend, "commit", { message: "lint me", paths: ["bad.py"] });
    expect(readFileSync(seen, "utf8").trim()).toBe("[bad.py] LC_ALL=");
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(/lint failed: bad\.py/);
    expect(git(project, "rev-list", "--count", "HEAD").trim()).toBe("1");
  });

  // Windows file names cannot hold `*` or `:` (learn.microsoft.com, "Naming Files, Paths, and Namespaces").
  it.skipIf(windows)("commits a file named like a pattern or pathspec magic as that one file", async () => {
    const project = repo();
    const names = ["*.txt", ":(exclude)notes.txt", "x\\y.txt", "c:notes.md"];
    for (const name of [...names, "other.txt"]) writeFileSync(join(project, name), "x\n");
    writeFileSync(join(project, "notes.txt"), "changed\n");
    const backend = await backendIn(project);
    for (const name of names) {
      const done = await call(backend, "commit", { message: `add ${name}`, paths: [name] });
      expect(done.status).toBe(200);
      expect(git(project, "show", "--name-only", "-z", "--format=", "HEAD").replace(/^\n|\0$/g, "")).toBe(name);
    }
    const diff = await call(backend, `diff?path=${encodeURIComponent("notes.txt")}`);
    expect(diff.body.patch).toMatch(/^\+changed$/m);
  });
});

describe("branches", () => {
  it("creates a branch from HEAD, switches back, and says what to do when git refuses a switch", async () => {
    const project = repo();
    const backend = await backendIn(project);
    const created = await call(backend, "branch", { name: "fix/login", create: true });
    expect(created.status).toBe(200);
    expect(created.body.state).toMatchObject({ branch: "fix/login", branches: ["fix/login", "main"] });
    writeFileSync(join(project, "notes.txt"), "on the branch\n");
    git(project, "commit", "-qam", "branch work");

    const back = await call(backend, "branch", { name: "main", create: false });
    expect(back.status).toBe(200);
    expect(back.body.done).toBe("Switched to main.");
    expect(readFileSync(join(project, "notes.txt"), "utf8")).toBe("alpha\n");

    // An uncommitted change the switch would overwrite: git refuses, we say why and what to do.
    writeFileSync(join(project, "notes.txt"), "uncommitted\n");
    const refused = await call(backend, "branch", { name: "fix/login", create: false });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe("git_refused");
    expect(refused.body.error.message).toMatch(
      /would overwrite your uncommitted changes to notes\.txt.*Commit those changes first/,
    );
    expect(git(project, "branch", "--show-current").trim()).toBe("main");
    expect(readFileSync(join(project, "notes.txt"), "utf8")).toBe("uncommitted\n");
  });

  it("shows the branch switched to in the projects' list at once, not after its cache's 2 s", async () => {
    const project = repo();
    const backend = await backendIn(project);
    const projects = async () => {
      const res = await fetch(`${backend.url}/api/projects`, { headers: bearer(backend) });
      return ((await res.json()) as { projects: { path: string; branch: string | null }[] }).projects;
    };
    const added = await fetch(`${backend.url}/api/projects`, {
      method: "POST",
      headers: { ...bearer(backend), "content-type": "application/json" },
      body: JSON.stringify({ path: project }),
    });
    expect(added.status).toBeLessThan(300);
    expect((await projects()).find((p) => p.path === project)?.branch).toBe("main");
    await call(backend, "branch", { name: "fix/login", create: true });
    expect((await projects()).find((p) => p.path === project)?.branch).toBe("fix/login");
    await call(backend, "branch", { name: "main", create: false });
    expect((await projects()).find((p) => p.path === project)?.branch).toBe("main");
  });

  it("refuses names git would read as options, names git does not allow, and branches that do not exist", async () => {
    const project = repo();
    const backend = await backendIn(project);
    for (const name of ["--upload-pack=touch /tmp/x", "-x"]) {
      for (const create of [true, false]) {
        const res = await call(backend, "branch", { name, create });
        expect(res.status, name).toBe(400);
        expect(res.body.error).toMatchObject({ code: "invalid_branch" });
        expect(res.body.error.message).toMatch(/starts with "-", which git would read as an option/);
      }
    }
    const spaced = await call(backend, "branch", { name: "a b", create: true });
    expect(spaced.status).toBe(400);
    expect(spaced.body.error.message).toMatch(/not a name git allows/);
    const previous = await call(backend, "branch", { name: "@{-1}", create: true });
    expect(previous.status).toBe(400);
    const missing = await call(backend, "branch", { name: "nope", create: false });
    expect(missing.status).toBe(404);
    expect(git(project, "branch", "--format=%(refname:short)").trim()).toBe("main");
  });
});

describe("pull and push", () => {
  /** Someone else pushes a commit (theirs.txt) to the remote from a clone of their own. */
  function theyPush(root: string, bare: string) {
    const other = join(root, "other");
    execFileSync("git", ["clone", "-q", bare, other]);
    writeFileSync(join(other, "theirs.txt"), "theirs\n");
    git(other, "add", "-A");
    git(other, "commit", "-qm", "theirs");
    git(other, "push", "-q");
  }

  function withRemote() {
    const root = realpathSync(tempDir());
    const bare = join(root, "remote.git");
    execFileSync("git", ["init", "-q", "--bare", "-b", "main", bare]);
    const project = repo(join(root, "project"));
    git(project, "remote", "add", "origin", bare);
    return { root, bare, project };
  }

  it("publishes a branch, pushes to it, and says what to do with no upstream and after a rejected push", async () => {
    const { root, bare, project } = withRemote();
    const backend = await backendIn(project);
    const noUpstream = await call(backend, "push", {});
    expect(noUpstream.status).toBe(409);
    expect(noUpstream.body.error).toMatchObject({ code: "no_upstream" });
    expect(noUpstream.body.error.message).toMatch(/no upstream yet.*Publish it/);
    const pullNone = await call(backend, "pull", {});
    expect(pullNone.body.error).toMatchObject({ code: "no_upstream" });

    const published = await call(backend, "push", { publishTo: "origin" });
    expect(published.status).toBe(200);
    expect(published.body.state).toMatchObject({ upstream: "origin/main", ahead: 0, behind: 0 });
    expect(execFileSync("git", ["rev-parse", "main"], { cwd: bare, encoding: "utf8" })).toBe(
      git(project, "rev-parse", "HEAD"),
    );

    // Someone else pushes; our own new commit is then rejected, and a pull brings theirs in.
    theyPush(root, bare);
    writeFileSync(join(project, "ours.txt"), "ours\n");
    await call(backend, "commit", { message: "ours", paths: ["ours.txt"] });
    const rejected = await call(backend, "push", {});
    expect(rejected.status).toBe(409);
    expect(rejected.body.error.code).toBe("push_rejected");
    expect(rejected.body.error.message).toMatch(/rejected: non-fast-forward.*Pull first, then push again/);

    git(project, "config", "pull.rebase", "false");
    const pulled = await call(backend, "pull", {});
    expect(pulled.status).toBe(200);
    expect(existsSync(join(project, "theirs.txt"))).toBe(true);
    const pushed = await call(backend, "push", {});
    expect(pushed.status).toBe(200);
    expect(pushed.body.done).toBe("Pushed main to origin/main.");
  });

  it("fetches what the remote has without changing the branch, and says when there is no remote", async () => {
    const { root, bare, project } = withRemote();
    const backend = await backendIn(project);
    expect((await call(backend, "push", { publishTo: "origin" })).status).toBe(200);
    const nothing = await call(backend, "fetch", {});
    expect(nothing.body.done).toBe("Fetched from origin: nothing new on origin/main.");

    theyPush(root, bare);
    // Another remote whose .git/config names a program: a fetch of the branch's remote never runs it.
    const ran = join(root, "uploadpack-ran");
    const uploadpack = join(root, "uploadpack.sh");
    writeFileSync(uploadpack, `#!/bin/sh\necho ran >> '${asShellPath(ran)}'\nexit 1\n`);
    chmodSync(uploadpack, 0o755);
    git(project, "remote", "add", "other", bare);
    git(project, "config", "remote.other.uploadpack", asShellPath(uploadpack));
    const head = git(project, "rev-parse", "HEAD");
    const fetched = await call(backend, "fetch", {});
    expect(fetched.status).toBe(200);
    expect(fetched.body.done).toBe("Fetched from origin: 1 commit to pull from origin/main.");
    expect(fetched.body.state).toMatchObject({ behind: 1, ahead: 0 });
    expect(git(project, "rev-parse", "HEAD")).toBe(head);
    expect(existsSync(join(project, "theirs.txt"))).toBe(false);
    expect(existsSync(ran)).toBe(false);

    git(project, "remote", "remove", "origin");
    git(project, "remote", "remove", "other");
    const none = await call(backend, "fetch", {});
    expect(none.status).toBe(409);
    expect(none.body.error.message).toMatch(/^This repository has no remote to fetch from\. Add one/);
  });

  it("stops a remote that hangs at the deadline, the ssh under git included, and names a refused key", async () => {
    const { root, project } = withRemote();
    const pidFile = join(root, "ssh.pid");
    const hanging = join(root, "hanging-ssh");
    // Windows: git for Windows runs core.sshCommand through its own sh (git-config: "interpreted
    // by the shell"), where a backslash escapes, so the path is given with forward slashes; and
    // `$$` there is an MSYS pid, so the script records the Windows pid of its sleep, which the
    // backend's `taskkill /T /F` must end (Cygwin's /proc/<pid>/winpid: cygwin.com/cygwin-ug-net/proc.html).
    writeFileSync(
      hanging,
      windows
        ? `#!/bin/sh\nsleep 600 &\ncat /proc/$!/winpid > '${asShellPath(pidFile)}'\nwait\n`
        : `#!/bin/sh\necho $$ > '${pidFile}'\nexec sleep 600\n`,
    );
    chmodSync(hanging, 0o755);
    git(project, "remote", "set-url", "origin", "ssh://git@example.invalid/repo.git");
    git(project, "config", "core.sshCommand", asShellPath(hanging));
    // Starting git, its sh and the script is slower on Windows (MSYS, Defender): a longer deadline
    // there, so the script has written its pid before it is ended.
    const deadline = windows ? { ms: 5_000, said: "5" } : { ms: 1_500, said: "1\\.5" };
    const backend = await backendIn(project, { git: { networkDeadlineMs: deadline.ms } });
    const hung = await call(backend, "push", { publishTo: "origin" });
    expect(hung.status).toBe(504);
    expect(hung.body.error.code).toBe("git_timeout");
    expect(hung.body.error.message).toMatch(
      new RegExp(`did not finish within ${deadline.said} s.*credential helper or an ssh agent`),
    );
    const sshPid = Number(readFileSync(pidFile, "utf8"));
    expect(sshPid).toBeGreaterThan(0); // a pid really was recorded, so the check below means something
    expect(processOpsFor().isAlive(sshPid)).toBe(false); // ended with git, not left sleeping (a zombie counts as dead)

    const refusing = join(root, "refusing-ssh");
    writeFileSync(refusing, "#!/bin/sh\necho 'git@example.invalid: Permission denied (publickey).' >&2\nexit 255\n");
    chmodSync(refusing, 0o755);
    git(project, "config", "core.sshCommand", asShellPath(refusing));
    const denied = await call(backend, "push", { publishTo: "origin" });
    expect(denied.status).toBe(502);
    expect(denied.body.error.code).toBe("git_auth_failed");
    expect(denied.body.error.message).toMatch(/did not accept your credentials.*credential helper/);
  });
});

describe("the project folder", () => {
  it("never works on a repository above the project folder", async () => {
    const outer = repo();
    const project = join(outer, "sub");
    mkdirSync(project);
    writeFileSync(join(project, "inner.txt"), "x\n");
    const backend = await backendIn(project);
    const state = await call(backend, "state");
    expect(state.status).toBe(409);
    expect(state.body.error.code).toBe("not_a_repository");
    const commit = await call(backend, "commit", { message: "x", paths: ["inner.txt"] });
    expect(commit.body.error.code).toBe("not_a_repository");
    // The change list agrees (review 5, S3): nothing listed under repository-relative names
    // ("sub/inner.txt", whose patch would read the wrong path), no diff of a file in it.
    const changes = await fetch(`${backend.url}/api/sessions/${sessionID}/git`, { headers: bearer(backend) });
    expect(await changes.json()).toEqual({ files: [] });
    const diff = await call(backend, "diff?path=inner.txt");
    expect(diff.body.error.code).toBe("not_a_repository");
    expect(git(outer, "rev-list", "--count", "HEAD").trim()).toBe("1");
  });
});
