import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { alive, tempDir } from "../test/harness.ts";
import { onWindows } from "../test/posixOnly.ts";
import { runFile, windowsOps } from "./processTable.ts";

describe("runFile (the helpers a stop and the start-up reap run)", () => {
  it("answers for a helper that finishes, with its exit code and output", async () => {
    expect(await runFile(process.execPath, ["-e", "process.stdout.write('12 1'); process.exit(3)"])).toEqual({
      code: 3,
      stdout: "12 1",
    });
  });

  it("ends a helper that hangs and answers without an exit code", async () => {
    const pidFile = join(tempDir(), "pid");
    const script = `require('fs').writeFileSync(${JSON.stringify(pidFile)}, String(process.pid)); setInterval(() => {}, 1000)`;
    // 2 s: long enough for node to start and write its pid on a loaded runner.
    const answer = await runFile(process.execPath, ["-e", script], 2_000);
    expect(answer.code).toBeNull();
    expect(alive(Number(readFileSync(pidFile, "utf8")))).toBe(false);
  });

  it.skipIf(onWindows)("answers when the hung helper has started something that holds its output", async () => {
    const pidFile = join(tempDir(), "pid");
    const answer = await runFile("/bin/sh", ["-c", `sleep 30 & echo $! > '${pidFile}'; wait`], 1_000);
    const grandchild = Number(readFileSync(pidFile, "utf8"));
    try {
      expect(answer).toEqual({ code: null, stdout: "" });
    } finally {
      process.kill(grandchild, "SIGKILL");
    }
  });
});

describe("a process listing whose helper was killed at its deadline", () => {
  it("is not used: a cut last line could name the wrong parent", async () => {
    const cut = windowsOps(async () => ({ code: null, stdout: "4242 100 1700000000000\r\n4243 42" }), {});
    expect(await cut.list()).toEqual([]);
    const whole = windowsOps(async () => ({ code: 0, stdout: "4242 100 1700000000000\r\n" }), {});
    expect((await whole.list()).map((e) => [e.pid, e.ppid])).toEqual([[4242, 100]]);
  });
});
