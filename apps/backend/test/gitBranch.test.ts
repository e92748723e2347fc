// The branch shown beside a project is read on the event loop for every list: whatever a tool or
// another user puts where `.git` is looked for (a FIFO, a device, a huge file, a repository owned
// by someone else above the project) must neither hang the backend nor name a wrong branch.
import { spawn, spawnSync } from "node:child_process";
import { chownSync, mkdirSync, realpathSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { gitBranch } from "../src/projects/gitBranch.ts";
import { tempDir } from "./harness.ts";

/** A real repository folder whose HEAD is on `branch`, for `.git` files to point at. */
function gitDirOn(branch: string): string {
  const dir = join(realpathSync(tempDir()), "real.git");
  mkdirSync(dir);
  writeFileSync(join(dir, "HEAD"), `ref: refs/heads/${branch}\n`);
  return dir;
}

describe("gitBranch", () => {
  it("follows a worktree's small .git file", () => {
    const project = realpathSync(tempDir());
    writeFileSync(join(project, ".git"), `gitdir: ${gitDirOn("worktree-branch")}\n`);
    expect(gitBranch(project)).toBe("worktree-branch");
  });

  it.skipIf(process.platform === "win32")(
    "does not wait on a FIFO named .git (a writer would decide the branch)",
    async () => {
      const project = realpathSync(tempDir());
      const fifo = join(project, ".git");
      expect(spawnSync("mkfifo", [fifo]).status).toBe(0);
      // Were the FIFO read, the event loop would stop until this writer connects and then show its branch.
      const writer = spawn("sh", ["-c", `sleep 1; printf 'gitdir: %s\\n' "$0" > "$1"`, gitDirOn("from-fifo"), fifo], {
        stdio: "ignore",
      });
      try {
        expect(gitBranch(project)).toBeNull();
      } finally {
        writer.kill("SIGKILL");
      }
    },
  );

  it("does not read a huge .git file or a device", () => {
    const huge = realpathSync(tempDir());
    writeFileSync(join(huge, ".git"), `gitdir: ${gitDirOn("from-huge-file")}\n${"x".repeat(1 << 20)}`);
    expect(gitBranch(huge)).toBeNull();
    if (process.platform !== "win32") {
      const device = realpathSync(tempDir());
      symlinkSync("/dev/zero", join(device, ".git"));
      expect(gitBranch(device)).toBeNull();
    }
  });

  it.skipIf(process.platform === "win32" || process.getuid?.() !== 0)(
    "stops where the folder's owner changes, as git does (another user's .git above is not this project's)",
    () => {
      const base = realpathSync(tempDir());
      const foreign = join(base, "shared");
      mkdirSync(join(foreign, ".git"), { recursive: true });
      writeFileSync(join(foreign, ".git", "HEAD"), "ref: refs/heads/someone-elses\n");
      const project = join(foreign, "mine");
      mkdirSync(project);
      chownSync(foreign, 12345, 12345);
      expect(gitBranch(project)).toBeNull();
      chownSync(foreign, 0, 0);
      expect(gitBranch(project)).toBe("someone-elses");
    },
  );
});
