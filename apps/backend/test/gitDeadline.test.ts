// A git action that outlasts the backend's OpenCode call deadline (routes/callDeadline.ts, which
// covers /api/sessions/*) is answered in git's name: "OpenCode did not answer… check the chat" was
// wrong while git went on and committed (review 5, L5). The deadline is 1.5 s here, the hook 3 s.
import { execFileSync } from "node:child_process";
import { chmodSync, mkdirSync, realpathSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { bearer, tempDir, testBackend } from "./harness.ts";

describe("a git action past the call deadline", () => {
  it("is answered as git still working, not as OpenCode's failure", async () => {
    const project = join(realpathSync(tempDir()), "project");
    mkdirSync(project, { recursive: true });
    const g = (...args: string[]) => execFileSync("git", args, { cwd: project, encoding: "utf8" });
    g("init", "-q", "-b", "main");
    g("config", "user.email", "t@example.com");
    g("config", "user.name", "T");
    writeFileSync(join(project, "notes.txt"), "x\n");
    // A hook that takes 3 s (a linter, a test run: common pre-commit work).
    const hook = join(project, ".git", "hooks", "pre-commit");
    writeFileSync(hook, "#!/bin/sh\nsleep 3\n");
    chmodSync(hook, 0o755);
    const backend = await testBackend("", {
      sidecarCallDeadlineMs: 1_500,
      supervisor: { env: { FAKE_SESSION_DIR: project } },
    });
    const start = await fetch(`${backend.url}/api/sidecar/start`, {
      method: "POST",
      headers: { ...bearer(backend), "content-type": "application/json" },
      body: "{}",
    });
    expect(start.status).toBe(200);
    const res = await fetch(`${backend.url}/api/sessions/ses_deadline/git/commit`, {
      method: "POST",
      headers: { ...bearer(backend), "content-type": "application/json" },
      body: JSON.stringify({ message: "slow hook", paths: ["notes.txt"] }),
    });
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(res.status).toBe(504);
    expect(body.error.code).toBe("git_timeout");
    expect(body.error.message).toMatch(/git did not finish within 1\.5 s.*refresh the Files tab/);
    expect(body.error.message).not.toMatch(/OpenCode/);
  });
});
