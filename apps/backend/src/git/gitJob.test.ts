// Every git the runner starts goes into the backend's own kill-on-close job (review 6, W1), with
// the Windows job API injected: here real processes run, and the fake records what Windows would
// be asked. On Windows itself, gitLeftRunning.test.ts kills a backend during a hanging hook.
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { JobBinding } from "@turnkey/sidecar";
import { afterEach, describe, expect, it } from "vitest";
import { GitBudget } from "./gitBudget.ts";
import { GitRunner } from "./gitRunner.ts";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A project folder and a stand-in git (in a folder of its own) that appends its pid to a file. */
function place() {
  const root = realpathSync(mkdtempSync(join(tmpdir(), "git-job-")));
  dirs.push(root);
  const bin = join(root, "bin");
  const project = join(root, "project");
  mkdirSync(bin);
  mkdirSync(project);
  const pids = join(root, "pids");
  writeFileSync(join(bin, "git"), `#!/bin/sh\necho $$ >> '${pids}'\necho ok\n`);
  chmodSync(join(bin, "git"), 0o755);
  const at = () => ({ folder: project, env: { PATH: `${bin}:/usr/bin:/bin` }, budget: new GitBudget(60_000) });
  const started = () => readFileSync(pids, "utf8").trim().split("\n").map(Number);
  return { at, started };
}

/** The job API as Windows answers it, recording each call. */
function fakeJobs(refuse?: "create" | "assign") {
  const calls = { loads: 0, created: 0, assigned: [] as { job: unknown; pid: number }[] };
  const binding: JobBinding = {
    createKillOnCloseJob() {
      if (refuse === "create") throw new Error("CreateJobObjectW failed (Windows error 5)");
      calls.created++;
      return { job: calls.created };
    },
    assign(job, pid) {
      if (refuse === "assign") throw new Error("AssignProcessToJobObject failed (Windows error 5)");
      calls.assigned.push({ job, pid });
    },
    processIds: () => [],
    terminate: () => undefined,
    close: () => undefined,
  };
  const load = async () => {
    calls.loads++;
    return binding;
  };
  return { calls, load };
}

describe.skipIf(process.platform === "win32")("git in the backend's own job (review 6, W1; job API injected)", () => {
  it("puts every git it starts, by git's own pid, into one job, made at the first git", async () => {
    const { at, started } = place();
    const jobs = fakeJobs();
    const runner = new GitRunner(undefined, { jobBinding: jobs.load });
    expect(jobs.calls.loads).toBe(0); // nothing loaded before git is needed
    expect((await runner.run(at(), ["status"], 30_000)).stdout).toBe("ok\n");
    expect((await runner.run(at(), ["log"], 30_000)).stdout).toBe("ok\n");
    expect(jobs.calls.loads).toBe(1);
    expect(jobs.calls.created).toBe(1);
    expect(jobs.calls.assigned).toEqual(started().map((pid) => ({ job: { job: 1 }, pid })));
  });

  for (const refuse of ["create", "assign"] as const) {
    it(`still runs git when Windows refuses to ${refuse === "create" ? "make the job" : "add git to it"}, and says once what that means`, async () => {
      const { at, started } = place();
      const jobs = fakeJobs(refuse);
      const lines: string[] = [];
      const runner = new GitRunner(undefined, { jobBinding: jobs.load, log: (line) => lines.push(line) });
      expect(await runner.run(at(), ["status"], 30_000)).toMatchObject({ code: 0, stdout: "ok\n" });
      expect(await runner.run(at(), ["status"], 30_000)).toMatchObject({ code: 0, stdout: "ok\n" });
      expect(started()).toHaveLength(2);
      expect(jobs.calls.assigned).toEqual([]);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(`Could not put git (pid ${started()[0]}) in the backend's job object (`);
      expect(lines[0]).toContain("(Windows error 5)");
      expect(lines[0]).toMatch(/: should the backend crash, a git it started may run on\.$/);
    });
  }
});
