// The Files tab's unasked git reads (its state, the change list, a patch) with real git in a temp
// repository: they run no program the project's .git/config names for speed or display
// (core.fsmonitor, an external diff, a textconv, a signature verifier, a filter driver, a submodule's
// too), and they leave the index alone, so the agent's own `git add` meanwhile does not fail on
// .git/index.lock (review 5, S2 and L13; review 6, S6, S2 and its submodule half).
import { execFileSync } from "node:child_process";
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { standInSigner } from "../../test/tempGitRepo.ts";
import { ProjectGit } from "./projectGit.ts";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const git = (cwd: string, ...args: string[]) =>
  execFileSync("git", ["-c", "user.email=t@example.com", "-c", "user.name=T", ...args], { cwd, encoding: "utf8" });

function repo() {
  const root = realpathSync(mkdtempSync(join(tmpdir(), "git-reads-")));
  dirs.push(root);
  const project = join(root, "project");
  mkdirSync(project);
  git(project, "init", "-q", "-b", "main");
  writeFileSync(join(project, "a.txt"), "a\n");
  git(project, "add", "-A");
  git(project, "commit", "-qm", "init");
  const projectGit = new ProjectGit({
    folderOf: async () => project,
    privateFolders: [join(root, "data")],
    providerKeyNames: () => [],
    localDeadlineMs: 20_000,
  });
  return { root, project, projectGit };
}

/** A program that records that it ran (POSIX sh; git for Windows runs it through its own sh). */
function marker(root: string, name: string) {
  const ran = join(root, `${name}-ran`);
  const program = join(root, `${name}.sh`);
  writeFileSync(program, `#!/bin/sh\necho ran >> '${ran.replaceAll("\\", "/")}'\nexit 1\n`);
  chmodSync(program, 0o755);
  return { ran, program: program.replaceAll("\\", "/") };
}

describe("the Files tab's unasked reads", () => {
  it("run neither the project's core.fsmonitor nor its external diff or textconv", async () => {
    const { root, project, projectGit } = repo();
    const fsmonitor = marker(root, "fsmonitor");
    const external = marker(root, "external-diff");
    const textconv = marker(root, "textconv");
    // What a write to .git/config (the agent's edit tool, no bash approval needed) could add.
    git(project, "config", "core.fsmonitor", fsmonitor.program);
    git(project, "config", "diff.external", external.program);
    git(project, "config", "diff.txt.textconv", textconv.program);
    writeFileSync(join(project, ".git", "info", "attributes"), "*.txt diff=txt\n");
    writeFileSync(join(project, "a.txt"), "a\nb\n");

    const state = await projectGit.state("s");
    expect(state.files.map((f) => f.path)).toEqual(["a.txt"]);
    const changes = await projectGit.changes("s", 10);
    expect(changes.files).toMatchObject([{ path: "a.txt", additions: 1, deletions: 0 }]);
    const diff = await projectGit.diff("s", "a.txt");
    expect(diff.patch).toMatch(/^\+b$/m);
    expect([fsmonitor.ran, external.ran, textconv.ran].filter(existsSync)).toEqual([]);
  });

  it("do not verify a signed HEAD with the gpg.program .git/config names (log.showSignature)", async () => {
    const { root, project, projectGit } = repo();
    // A signed HEAD, as commit.gpgSign makes: a stand-in signer that prints a PGP-looking block.
    writeFileSync(join(project, "a.txt"), "a\nb\n");
    git(project, "-c", `gpg.program=${standInSigner(root)}`, "commit", "-qam", "signed", "-S");
    const verifier = marker(root, "gpg");
    git(project, "config", "log.showSignature", "true");
    git(project, "config", "gpg.program", verifier.program);

    const state = await projectGit.state("s");
    expect(state.head?.subject).toBe("signed");
    expect(state.head?.hash).toMatch(/^[0-9a-f]{40}$/);
    expect(existsSync(verifier.ran)).toBe(false);
  });

  it("run no clean or process filter the repository's own config defines (review 6, S2)", async () => {
    const { root, project, projectGit } = repo();
    // A working filter (it passes the text through) that records that it ran.
    const ran = join(root, "filter-ran").replaceAll("\\", "/");
    const program = join(root, "filter.sh");
    writeFileSync(program, `#!/bin/sh\necho ran >> '${ran}'\ncat\n`);
    chmodSync(program, 0o755);
    // What an edit tool can write: drivers in .git/config, attributes that apply them, an edit.
    git(project, "config", "filter.x.clean", `${program.replaceAll("\\", "/")} %f`);
    git(project, "config", "filter.Two.Parts.process", program.replaceAll("\\", "/"));
    git(project, "config", "filter.Two.Parts.required", "true");
    writeFileSync(join(project, "b.md"), "b\n");
    git(project, "add", "b.md");
    git(project, "commit", "-qm", "b");
    writeFileSync(join(project, ".git", "info", "attributes"), "*.txt filter=x\n*.md filter=Two.Parts\n");
    writeFileSync(join(project, "a.txt"), "a\nb\n");
    writeFileSync(join(project, "b.md"), "b\nc\n");

    expect((await projectGit.state("s")).files.map((f) => f.path)).toEqual(["a.txt", "b.md"]);
    const changes = await projectGit.changes("s", 10);
    expect(changes.files).toMatchObject([
      { path: "a.txt", additions: 1, deletions: 0 },
      { path: "b.md", additions: 1, deletions: 0 },
    ]);
    expect((await projectGit.diff("s", "a.txt")).patch).toMatch(/^\+b$/m);
    expect((await projectGit.diff("s", "b.md")).patch).toMatch(/^\+c$/m);
    expect(existsSync(ran)).toBe(false);
  });

  it("run no filter or diff program a submodule's own config defines, and still list a submodule moved to another commit", async () => {
    const { root, project, projectGit } = repo();
    const lib = join(root, "lib");
    mkdirSync(lib);
    git(lib, "init", "-q", "-b", "main");
    writeFileSync(join(lib, "a.txt"), "a\n");
    git(lib, "add", "-A");
    git(lib, "commit", "-qm", "lib");
    git(project, "-c", "protocol.file.allow=always", "submodule", "add", "-q", lib.replaceAll("\\", "/"), "sub");
    git(project, "commit", "-qm", "sub");
    // The superproject's config defines no driver: the submodule's own does (its .git/config and
    // info/attributes, as writable by an edit tool as the superproject's).
    const ran = join(root, "filter-ran").replaceAll("\\", "/");
    const program = join(root, "filter.sh");
    writeFileSync(program, `#!/bin/sh\necho ran >> '${ran}'\ncat\n`);
    chmodSync(program, 0o755);
    const sub = join(project, "sub");
    git(sub, "config", "filter.evil.clean", `${program.replaceAll("\\", "/")} %f`);
    // And its diff programs, which a superproject's `diff.submodule = diff` would have a patch run.
    git(sub, "config", "diff.external", program.replaceAll("\\", "/"));
    git(sub, "config", "diff.t.textconv", program.replaceAll("\\", "/"));
    git(project, "config", "diff.submodule", "diff");
    const subGitDir = git(sub, "rev-parse", "--absolute-git-dir").trim();
    mkdirSync(join(subGitDir, "info"), { recursive: true });
    writeFileSync(join(subGitDir, "info", "attributes"), "*.txt filter=evil diff=t\n");
    // Same size, older time: git must read the file (through its clean filter) to know it changed.
    const staleEdit = () => {
      writeFileSync(join(sub, "a.txt"), "b\n");
      const past = new Date(Date.now() - 3_600_000);
      utimesSync(join(sub, "a.txt"), past, past);
    };
    staleEdit();

    expect((await projectGit.state("s")).files).toEqual([]);
    expect((await projectGit.changes("s", 10)).files).toEqual([]);
    await expect(projectGit.diff("s", "sub")).rejects.toThrow(/not among the changed files/);
    expect(existsSync(ran)).toBe(false);

    // A new commit in the submodule (made here, through its filter) is a change of the superproject.
    git(sub, "commit", "-qam", "b");
    rmSync(ran, { force: true });
    staleEdit();
    expect((await projectGit.state("s")).files.map((f) => f.path)).toEqual(["sub"]);
    expect((await projectGit.changes("s", 10)).files.map((f) => f.path)).toEqual(["sub"]);
    expect((await projectGit.diff("s", "sub")).patch).toMatch(/^\+Subproject commit [0-9a-f]{40}$/m);
    expect(existsSync(ran)).toBe(false);
  });

  it("leave the index as it is, so they never hold .git/index.lock against the agent's git", async () => {
    const { project, projectGit } = repo();
    // Stat-dirty, same content: a status that takes optional locks refreshes the index and writes it.
    const past = new Date(Date.now() - 3_600_000);
    utimesSync(join(project, "a.txt"), past, past);
    const index = join(project, ".git", "index");
    const before = readFileSync(index);
    const state = await projectGit.state("s");
    expect(state.files).toEqual([]);
    expect(readFileSync(index).equals(before)).toBe(true);
  });
});
