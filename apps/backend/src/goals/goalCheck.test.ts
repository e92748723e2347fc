// A goal's check run by the platform's shell in the project folder: its exit code and the end of
// its output; at its time limit the whole tree is ended; it sees none of our secrets; and a folder
// that may not be worked in runs nothing.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
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
  more: { env?: NodeJS.ProcessEnv; mayRun?: (folder: string) => void; minuteMs?: number } = {},
) =>
  shellCheck({
    runner,
    env: () => more.env ?? toolEnvironment(process.env, []),
    mayRun: more.mayRun ?? (() => undefined),
    now: Date.now,
    ...(more.minuteMs ? { minuteMs: more.minuteMs } : {}),
  })({ check, folder, minutes: 1, signal: new AbortController().signal });

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
      mayRun: () => {
        throw new Error("This folder's OpenCode config is not trusted.");
      },
    });
    expect(check).toMatchObject({ exitCode: null, problem: "This folder's OpenCode config is not trusted." });
    expect(existsSync(join(folder, "ran"))).toBe(false);
  });
});

// The Windows workflow runs these (scripts/windowsOnlyTests.ts): cmd.exe by %ComSpec% with
// /d /s /c (Node's docs, child_process "Default Windows shell"), a .cmd found by name as npm.cmd is,
// the deadline ending cmd and what it started (taskkill /T /F, terminateTree), no secret in `set`.
describe.runIf(process.platform === "win32")("a goal's check, run by cmd.exe on Windows", () => {
  it("answers cmd's exit code and both streams' lines", async () => {
    const check = await run("echo first&echo second 1>&2&exit /b 3");
    expect(check).toMatchObject({ exitCode: 3, timedOut: false, problem: null, output: "first\nsecond" });
  });

  it("finds a .cmd script by its name, as `npm test` finds npm.cmd", async () => {
    writeFileSync(join(folder, "runchecks.cmd"), "@echo off\r\necho the script ran\r\nexit /b 0\r\n");
    expect(await run("runchecks")).toMatchObject({ exitCode: 0, output: "the script ran" });
  });

  it("ends the check and what it started at its time limit", async () => {
    const check = await run("ping -n 30 127.0.0.1 >nul", { minuteMs: 1_000 });
    expect(check).toMatchObject({ exitCode: null, timedOut: true, problem: null });
  });

  it("sees none of our secrets in `set`", async () => {
    const base = { ...process.env, OPENCODE_SERVER_PASSWORD: "pw-secret", TURNKEY_TOKEN: "token-secret" };
    const check = await run("set", { env: toolEnvironment({ ...base, ANTHROPIC_API_KEY: "sk-secret" }, []) });
    expect(check.output).toMatch(/^Path=/im);
    expect(check.output).not.toMatch(/secret/);
  });
});

describe("outputTail", () => {
  it("keeps the end, from a line's start when one is near", () => {
    expect(outputTail("a\nb\n")).toBe("a\nb");
    expect(outputTail("")).toBe("");
    expect(outputTail("first\nsecond\nthird", 12)).toBe("third");
    expect(outputTail("x".repeat(500), 10)).toBe("x".repeat(10));
    expect(outputTail("cmd says\r\nthis\r\n")).toBe("cmd says\nthis");
  });
});
