// git is run by an absolute path from PATH, never from the project folder (review 5, S1): the
// Windows lookup order with the platform injected, and for real on this OS a project that ships
// its own `git` (a script here, a copy of hostname.exe as git.exe on Windows).
import { chmodSync, copyFileSync, existsSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { findGit } from "./gitProgram.ts";
import { runGit } from "./runGit.ts";

describe("findGit on Windows (platform injected)", () => {
  const programs = new Set(["C:\\Users\\me\\project\\git.exe", "C:\\Program Files\\Git\\cmd\\git.exe", ".\\git.exe"]);
  const isProgram = (file: string) => programs.has(file);

  it("skips the project folder, relative and empty entries and takes Git for Windows' git.exe", () => {
    const env = { Path: 'C:\\Users\\me\\project;;.;"C:\\Program Files\\Git\\cmd"' };
    expect(findGit(env, { platform: "win32", projectFolder: "C:\\USERS\\me\\Project\\", isProgram })).toBe(
      "C:\\Program Files\\Git\\cmd\\git.exe",
    );
  });

  it("tries git.com before git.exe in a folder, as libuv does for a bare name", () => {
    const both = new Set(["C:\\Git\\cmd\\git.com", "C:\\Git\\cmd\\git.exe"]);
    expect(findGit({ PATH: "C:\\Git\\cmd" }, { platform: "win32", isProgram: (f) => both.has(f) })).toBe(
      "C:\\Git\\cmd\\git.com",
    );
  });

  it("finds nothing when PATH has no git outside the project", () => {
    expect(
      findGit(
        { PATH: "C:\\Users\\me\\project;." },
        { platform: "win32", projectFolder: "C:\\Users\\me\\project", isProgram },
      ),
    ).toBeNull();
  });
});

describe("runGit with a project that ships its own git", () => {
  const made: string[] = [];
  afterEach(() => {
    for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it("runs the git on PATH, not the project's, even with the project and '.' on PATH", async () => {
    const project = realpathSync(mkdtempSync(join(tmpdir(), "turnkey-git-planted-")));
    made.push(project);
    const windows = process.platform === "win32";
    if (windows) {
      // Any other program under git's name: hostname.exe prints the machine's name, not "git version".
      copyFileSync(join(process.env.SystemRoot ?? "C:\\Windows", "System32", "hostname.exe"), join(project, "git.exe"));
    } else {
      const marker = join(project, "planted-ran");
      writeFileSync(join(project, "git"), `#!/bin/sh\necho planted > '${marker}'\necho 'git version 0.planted'\n`);
      chmodSync(join(project, "git"), 0o755);
    }
    const separator = windows ? ";" : ":";
    const env: NodeJS.ProcessEnv = { ...process.env };
    const pathKey = Object.keys(env).find((name) => name.toUpperCase() === "PATH") ?? "PATH";
    env[pathKey] = [".", project, env[pathKey] ?? ""].join(separator);
    const run = await runGit(["--version"], { cwd: project, env, deadlineMs: 30_000 });
    expect(run.missing).toBe(false);
    expect(run.stdout).toMatch(/^git version \d/);
    expect(run.stdout).not.toContain("planted");
    if (!windows) expect(existsSync(join(project, "planted-ran"))).toBe(false);
  });

  it("says git is missing, without starting anything, when PATH holds none", async () => {
    const run = await runGit(["--version"], { cwd: tmpdir(), env: { PATH: "relative/bin" }, deadlineMs: 5_000 });
    expect(run).toMatchObject({ missing: true, code: null, timedOut: false });
  });
});
