// A git action has one budget, that all of its git calls are cut to, and is not under the OpenCode
// call deadline (review 5, L5): a hook that never ends is stopped at the budget with git's own
// sentence, ended before the answer goes, so no commit appears after the person was told it failed,
// and the project is free for the next click. The chat's folder is the one OpenCode call a git
// route makes: it has a short deadline of its own, and git does not run when it passes.
import { execFileSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readFileSync, realpathSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { processOpsFor } from "@turnkey/sidecar";
import { describe, expect, it } from "vitest";
import type { Backend } from "../src/startBackend.ts";
import { bearer, raw, tempDir, testBackend } from "./harness.ts";

const windows = process.platform === "win32";

async function started(backend: Backend): Promise<Backend> {
  expect((await backend.supervisor.start()).state).toBe("running");
  return backend;
}

const commit = (backend: Backend, message: string) =>
  fetch(`${backend.url}/api/sessions/ses_budget/git/commit`, {
    method: "POST",
    headers: { ...bearer(backend), "content-type": "application/json" },
    body: JSON.stringify({ message, paths: ["notes.txt"] }),
  }).then(async (r) => ({ status: r.status, body: (await r.json()) as { error?: { code: string; message: string } } }));

describe("a git action's budget", () => {
  // The hook's pid and its wait are POSIX sh; Windows' tree kill is tested in gitWork.test.ts.
  it.skipIf(windows)("stops a hook that never ends with git's sentence, and nothing is committed after", async () => {
    const project = join(realpathSync(tempDir()), "project");
    mkdirSync(project, { recursive: true });
    const g = (...args: string[]) => execFileSync("git", args, { cwd: project, encoding: "utf8" });
    g("init", "-q", "-b", "main");
    g("config", "user.email", "t@example.com");
    g("config", "user.name", "T");
    writeFileSync(join(project, "notes.txt"), "x\n");
    // A pre-commit hook (a linter, a test run) that goes on until the test lets it: whatever the
    // machine's load, it outlasts the budget, and the test can tell whether it was ended.
    const go = join(project, "..", "go");
    const hookPid = join(project, "..", "hook.pid");
    const hook = join(project, ".git", "hooks", "pre-commit");
    writeFileSync(hook, `#!/bin/sh\necho $$ > '${hookPid}'\nwhile [ ! -e '${go}' ]; do sleep 0.05; done\n`);
    chmodSync(hook, 0o755);
    const backend = await started(
      await testBackend("", {
        // Shorter than the budget: the git routes are not under it any more.
        sidecarCallDeadlineMs: 1_000,
        // Room for the reads and the add before the hook under a loaded CI machine's git starts.
        git: { localBudgetMs: 6_000 },
        supervisor: { env: { FAKE_SESSION_DIR: project } },
      }),
    );

    const late = await commit(backend, "slow hook");
    expect(late.status).toBe(504);
    expect(late.body.error?.code).toBe("git_timeout");
    expect(late.body.error?.message).toMatch(/^git did not finish within 6 s, so it was stopped \(a hook/);
    // The hook ran (its pid is known) and was ended before the answer: let it go on, and nothing lands.
    const pid = Number(readFileSync(hookPid, "utf8"));
    expect(pid).toBeGreaterThan(0);
    writeFileSync(go, "");
    expect(processOpsFor().isAlive(pid)).toBe(false);
    expect(g("rev-list", "--all").trim()).toBe("");
    expect(existsSync(join(project, ".git", "index.lock"))).toBe(false);

    // The project is free again: the next click commits (the hook now returns at once).
    const again = await commit(backend, "after the hook");
    expect(again.status).toBe(200);
    expect(g("log", "--format=%s").trim()).toBe("after the hook");
  });
});

describe("the chat's folder", () => {
  it("has a deadline of its own: OpenCode that never answers is named, and git never runs", async () => {
    const backend = await started(await testBackend("hang-api", { git: { folderLookupMs: 300 } }));
    const answer = await raw(backend, { path: "/api/sessions/ses_stuck/git/state", headers: bearer(backend) });
    expect(answer.status).toBe(504);
    expect(answer.json()).toMatchObject({
      error: {
        code: "sidecar_timeout",
        message: expect.stringMatching(/^OpenCode did not say which folder this chat works in within 300 ms, so git/),
      },
    });
  });
});
