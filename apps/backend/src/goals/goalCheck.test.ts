// A goal's check run by the platform's shell in the project folder: its exit code and the end of
// its output; at its time limit the whole tree is ended; it sees none of our secrets; and a folder
// that may not be worked in runs nothing.
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { goalOutputChars } from "@turnkey/contracts";
import { processOpsFor } from "@turnkey/sidecar";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { GitRunner } from "../git/gitRunner.ts";
import { toolEnvironment } from "../toolEnvironment.ts";
import { outputTail, shellCheck } from "./goalCheck.ts";

let folder: string;
beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), "goal check-"));
});
afterEach(() => rmSync(folder, { recursive: true, force: true }));

const runner = new GitRunner();
const run = (
  check: string,
  more: { env?: NodeJS.ProcessEnv; mayRun?: (sessionID: string) => Promise<void>; minuteMs?: number } = {},
) =>
  shellCheck({
    runner,
    env: () => more.env ?? toolEnvironment(process.env, []),
    mayRun: more.mayRun ?? (async () => undefined),
    now: Date.now,
    ...(more.minuteMs ? { minuteMs: more.minuteMs } : {}),
  })({ check, folder, sessionID: "ses_1", minutes: 1, signal: new AbortController().signal });

/** A zombie (ended, not yet reaped by its new parent) counts as dead, as in the git tests. */
const alive = (pid: number) => processOpsFor().isAlive(pid);

describe.skipIf(process.platform === "win32")("a goal's check (sh)", () => {
  it("answers the exit code and the end of a long output, both streams in the order written", async () => {
    // 120,000 characters, past what is read (64,000): the start is dropped, the end kept. The
    // failure on stdout comes after 30,000 characters of stderr noise (a build's "Compiling…").
    const check = await run(
      'pwd; i=0; while [ $i -lt 3000 ]; do echo "Compiling crate $i" >&2; i=$((i+1)); done; ' +
        'i=0; while [ $i -lt 6000 ]; do echo "test $i ... ok"; i=$((i+1)); done; echo "test adds ... FAILED"; exit 4',
    );
    expect(check).toMatchObject({ exitCode: 4, timedOut: false, problem: null });
    expect(check.output.length).toBeLessThanOrEqual(goalOutputChars);
    expect(check.output).toMatch(/^test \d+ \.\.\. ok\n/);
    expect(check.output.endsWith("test 5999 ... ok\ntest adds ... FAILED")).toBe(true);
    const noisy = await run(
      'echo "test adds ... FAILED"; i=0; while [ $i -lt 200 ]; do echo "warning $i" >&2; i=$((i+1)); done',
    );
    expect(noisy.output.startsWith("test adds ... FAILED\nwarning 0\n")).toBe(true);
    expect((await run("pwd")).output).toBe(folder);
  });

  it("ends the check and what it started at its time limit", async () => {
    const check = await run("echo $$ > shell.pid; sleep 30 & echo $! > child.pid; wait", { minuteMs: 500 });
    expect(check).toMatchObject({ exitCode: null, timedOut: true, problem: null });
    for (const file of ["shell.pid", "child.pid"]) {
      const pid = Number(readFileSync(join(folder, file), "utf8"));
      expect(alive(pid), `${file} ${pid}`).toBe(false);
    }
  });

  it("sees none of our secrets: the sidecar's password, the launch token, provider keys", async () => {
    const base = {
      PATH: process.env.PATH,
      OPENCODE_SERVER_PASSWORD: "pw-secret",
      TURNKEY_TOKEN: "token-secret",
      ANTHROPIC_API_KEY: "sk-secret",
      MY_PROVIDER_TOKEN: "provider-secret",
      EDITOR: "vim",
    };
    const check = await run("env", { env: toolEnvironment(base, ["MY_PROVIDER_TOKEN"]) });
    expect(check.output).toContain("EDITOR=vim");
    expect(check.output).not.toMatch(/secret/);
  });

  it("runs nothing in a folder that may not be worked in, and says why", async () => {
    const check = await run("touch ran", {
      mayRun: async () => {
        throw new Error("This folder's OpenCode config is not trusted.");
      },
    });
    expect(check).toMatchObject({ exitCode: null, problem: "This folder's OpenCode config is not trusted." });
    expect(existsSync(join(folder, "ran"))).toBe(false);
  });
});

describe("outputTail", () => {
  it("keeps the end, from a line's start when one is near", () => {
    expect(outputTail("a\nb\n")).toBe("a\nb");
    expect(outputTail("")).toBe("");
    expect(outputTail("first\nsecond\nthird", 12)).toBe("third");
    expect(outputTail("x".repeat(500), 10)).toBe("x".repeat(10));
  });
});
