import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { afterEach, describe, expect, it, vi } from "vitest";
import { fakeWindows } from "../test/fakeWindows.ts";
import { alive, cleanup, fakeOpencode, processOps, tempDir } from "../test/harness.ts";
import { onWindows } from "../test/posixOnly.ts";
import { helperRunMs, type ProcessOps } from "./processTable.ts";
import { commandLineMatches, reapOrphan, reapRecord } from "./reapOrphan.ts";
import { commandFor } from "./scriptCommand.ts";
import { readSidecarRecord, recordPath, writeSidecarRecord } from "./sidecarRecord.ts";
import { treeMarkName } from "./treeMark.ts";

afterEach(cleanup);

async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ["-e", ""]);
  await new Promise((resolve) => child.once("exit", resolve));
  return child.pid!;
}

function startLooseSidecar(args = ["serve", "--hostname", "127.0.0.1", "--port", "0"]) {
  const [command, commandArgs] = commandFor(fakeOpencode, args);
  const child = spawn(command, commandArgs, {
    stdio: "ignore",
    detached: true,
    env: { ...process.env, FAKE_OPENCODE: "" },
  });
  child.unref();
  return child.pid!;
}

describe("commandLineMatches", () => {
  it("matches the binary and serve, case-insensitively with either slash on Windows", () => {
    const line = '"C:\\Users\\Zoë\\AppData\\Local\\Turnkey\\runtime\\opencode.exe" serve --hostname 127.0.0.1 --port 0';
    expect(commandLineMatches(line, "c:/users/zoë/appdata/local/turnkey/runtime/opencode.exe", "win32")).toBe(true);
    expect(
      commandLineMatches(
        line.replace(" serve", " run"),
        "C:\\Users\\Zoë\\AppData\\Local\\Turnkey\\runtime\\opencode.exe",
        "win32",
      ),
    ).toBe(false);
    expect(commandLineMatches("/usr/bin/opencode serve", "/USR/BIN/opencode", "linux")).toBe(false);
    expect(commandLineMatches("/usr/bin/vim notes", "/usr/bin/opencode", "linux")).toBe(false);
  });
});

describe("reapOrphan", () => {
  it("reads a record's mark only in a mark's shape: one that names any other variable is ignored", () => {
    const dataDir = tempDir();
    const record = { pid: 4242, startedAt: 1, binaryPath: fakeOpencode, backendPid: 4243 };
    writeFileSync(recordPath(dataDir), JSON.stringify({ ...record, mark: "PATH=/usr/bin" }));
    expect(readSidecarRecord(dataDir)).toEqual(record);
    writeFileSync(recordPath(dataDir), JSON.stringify({ ...record, mark: `${treeMarkName}=AAAAAAAAAAAAAAAA` }));
    expect(readSidecarRecord(dataDir)?.mark).toBe(`${treeMarkName}=AAAAAAAAAAAAAAAA`);
  });

  it.runIf(process.platform === "linux")(
    "ends what a gone sidecar's tools left running, by its tree's mark, and nothing carrying another mark",
    async () => {
      const dataDir = tempDir();
      const loose = (mark: string) => {
        const child = spawn("sleep", ["30"], {
          stdio: "ignore",
          detached: true,
          env: { ...process.env, [treeMarkName]: mark },
        });
        child.unref();
        return child.pid!;
      };
      const ours = loose("leftByTheDeadOne");
      const theirs = loose("anotherBackends0");
      try {
        const sidecar = await deadPid();
        writeSidecarRecord(dataDir, {
          pid: sidecar,
          startedAt: Date.now(),
          binaryPath: fakeOpencode,
          backendPid: await deadPid(),
          mark: `${treeMarkName}=leftByTheDeadOne`,
        });
        const outcome = await reapOrphan(dataDir, processOps);
        expect(outcome).toEqual({
          action: "cleared",
          pid: sidecar,
          reason: "no such process runs any more",
          ended: [ours],
        });
        expect(alive(ours)).toBe(false);
        expect(alive(theirs)).toBe(true);
        expect(readSidecarRecord(dataDir)).toBeNull();
      } finally {
        for (const pid of [ours, theirs]) processOps.signal(pid, "SIGKILL");
      }
    },
  );

  it("kills a recorded sidecar whose backend is dead", async () => {
    const dataDir = tempDir();
    const pid = startLooseSidecar();
    writeSidecarRecord(dataDir, { pid, startedAt: Date.now(), binaryPath: fakeOpencode, backendPid: await deadPid() });
    const outcome = await reapOrphan(dataDir, processOps);
    expect(outcome).toEqual({ action: "reaped", pid, survivors: [] });
    expect(alive(pid)).toBe(false);
    expect(readSidecarRecord(dataDir)).toBeNull();
  });

  it("leaves a process alone when its command line is not our sidecar (a reused pid)", async () => {
    const dataDir = tempDir();
    const pid = startLooseSidecar(["something-else"]);
    try {
      writeSidecarRecord(dataDir, { pid, startedAt: 0, binaryPath: fakeOpencode, backendPid: await deadPid() });
      const outcome = await reapOrphan(dataDir, processOps);
      expect(outcome.action).toBe("cleared");
      expect(alive(pid)).toBe(true);
      expect(readSidecarRecord(dataDir)).toBeNull();
    } finally {
      process.kill(pid, "SIGKILL");
    }
  });

  it("leaves the sidecar of a backend that is still alive", async () => {
    const dataDir = tempDir();
    const pid = startLooseSidecar();
    const backend = spawn(process.execPath, ["-e", "setInterval(()=>{},1000)"], { stdio: "ignore" });
    try {
      writeSidecarRecord(dataDir, { pid, startedAt: 0, binaryPath: fakeOpencode, backendPid: backend.pid! });
      const outcome = await reapOrphan(dataDir, processOps);
      expect(outcome.action).toBe("left");
      expect(alive(pid)).toBe(true);
    } finally {
      backend.kill("SIGKILL");
      // POSIX: its process group; Windows has none.
      process.kill(onWindows ? pid : -pid, "SIGKILL");
    }
  });

  it("leaves a recorded process whose command line or start time does not answer, record kept, nothing signalled", async () => {
    const record = { pid: 4242, startedAt: 1, binaryPath: fakeOpencode, backendPid: 4243 };
    const never = new Promise<never>(() => {});
    for (const stuck of ["commandLine", "startTimeMs"] as const) {
      const signals: number[] = [];
      let cleared = 0;
      const ops: ProcessOps = {
        platform: "linux",
        list: async () => [],
        isAlive: (pid) => pid === record.pid,
        commandLine: () => (stuck === "commandLine" ? never : Promise.resolve(`${fakeOpencode} serve`)),
        startTimeMs: () => (stuck === "startTimeMs" ? never : Promise.resolve(1)),
        signal: (pid) => signals.push(pid),
        run: async () => ({ code: 0, stdout: "" }),
      };
      const outcome = await reapRecord(record, { ops, selfPid: 1, word: "serve", clear: () => cleared++, lookMs: 20 });
      expect(outcome).toEqual({
        action: "left",
        pid: 4242,
        reason: "what it runs could not be read within 0.02 s",
      });
      expect({ stuck, signals, cleared }).toEqual({ stuck, signals: [], cleared: 0 });
    }
  });

  it("leaves a running process whose command line could not be read (a helper that failed), record kept; clears one that ended meanwhile or started later", async () => {
    const record = { pid: 4242, startedAt: 1, binaryPath: "C:\\opencode.exe", backendPid: 4243 };
    // A pid reused after a reboot by a service's process, whose command line cannot be read but
    // whose start time can: newer than the record, so not ours.
    const newer: ProcessOps = {
      platform: "win32",
      list: async () => [],
      isAlive: (pid) => pid === record.pid,
      commandLine: async () => null,
      startTimeMs: async () => record.startedAt + 600_000,
      signal: () => undefined,
      run: async () => ({ code: 0, stdout: "" }),
    };
    expect(await reapRecord(record, { ops: newer, selfPid: 1, word: "serve", clear: () => undefined })).toEqual({
      action: "cleared",
      pid: 4242,
      reason: "that pid now belongs to a newer process",
    });
    for (const endsDuringTheLook of [false, true]) {
      let running = true;
      let cleared = 0;
      const ops: ProcessOps = {
        platform: "win32",
        list: async () => [],
        isAlive: (pid) => pid === record.pid && running,
        // PowerShell blocked by policy, or it exited non-zero: no command line, whatever runs.
        commandLine: async () => {
          if (endsDuringTheLook) running = false;
          return null;
        },
        startTimeMs: async () => 1,
        signal: () => undefined,
        run: async () => ({ code: 0, stdout: "" }),
      };
      const outcome = await reapRecord(record, { ops, selfPid: 1, word: "serve", clear: () => cleared++ });
      expect({ endsDuringTheLook, outcome, cleared }).toEqual(
        endsDuringTheLook
          ? { endsDuringTheLook, outcome: expect.objectContaining({ action: "cleared" }), cleared: 1 }
          : {
              endsDuringTheLook,
              outcome: { action: "left", pid: 4242, reason: "what it runs could not be read" },
              cleared: 0,
            },
      );
    }
  });

  it("off Linux, takes a PowerShell look that does not answer before its kill as late, not as a process gone", async () => {
    vi.useFakeTimers();
    try {
      const record = { pid: 4242, startedAt: 1, binaryPath: "C:\\opencode.exe", backendPid: 4243 };
      let cleared = 0;
      const ops: ProcessOps = {
        platform: "win32",
        list: async () => [],
        isAlive: (pid) => pid === record.pid,
        // runFile answers null once it kills the helper at helperRunMs: "no such process", were it waited for.
        commandLine: () => new Promise((resolve) => setTimeout(() => resolve(null), helperRunMs)),
        startTimeMs: async () => 1,
        signal: () => undefined,
        run: async () => ({ code: 0, stdout: "" }),
      };
      const outcome = reapRecord(record, { ops, selfPid: 1, word: "serve", clear: () => cleared++ });
      await vi.advanceTimersByTimeAsync(helperRunMs);
      expect(await outcome).toEqual({
        action: "left",
        pid: 4242,
        reason: "what it runs could not be read within 19 s",
      });
      expect(cleared).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it("does nothing without a record, and ignores a corrupt one", async () => {
    expect(await reapOrphan(tempDir(), processOps)).toEqual({ action: "none" });
  });
});

describe("reapOrphan on Windows (platform injected)", () => {
  const binary = "C:\\Users\\Zoë\\AppData\\Local\\OpenCode Turnkey\\runtime\\opencode\\1.0.0\\opencode.exe";
  const line = `"${binary}" serve --hostname 127.0.0.1 --port 0`;

  it("matches a command line with non-ASCII letters as PowerShell prints it, and ends the tree", async () => {
    const dataDir = tempDir();
    const win = fakeWindows({
      500: { ppid: 1, commandLine: line, startedAtMs: 1_000 },
      501: { ppid: 500, startedAtMs: 1_100 },
    });
    writeSidecarRecord(dataDir, { pid: 500, startedAt: 1_050, binaryPath: binary, backendPid: 400 });
    const outcome = await reapOrphan(dataDir, win.ops, 999);
    expect(outcome).toEqual({ action: "reaped", pid: 500, survivors: [] });
    expect(win.alivePids()).toEqual([]);
    expect(readSidecarRecord(dataDir)).toBeNull();
  });

  it("would not have matched with PowerShell's default OEM output (the fake has teeth)", async () => {
    const win = fakeWindows({ 500: { ppid: 1, commandLine: line } });
    const oem = await win.ops.run("C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe", [
      "-Command",
      'Get-CimInstance Win32_Process -Filter "ProcessId=500" | ForEach-Object { $_.CommandLine }',
    ]);
    expect(oem.stdout).not.toContain("Zoë");
    expect(await win.ops.commandLine(500)).toBe(line);
  });

  it("leaves a process alone when its pid was reused by a newer process", async () => {
    const dataDir = tempDir();
    const win = fakeWindows({ 500: { ppid: 1, commandLine: line, startedAtMs: 90_000 } });
    writeSidecarRecord(dataDir, { pid: 500, startedAt: 10_000, binaryPath: binary, backendPid: 400 });
    const outcome = await reapOrphan(dataDir, win.ops, 999);
    expect(outcome).toMatchObject({ action: "cleared", reason: "that pid now belongs to a newer process" });
    expect(win.alivePids()).toEqual([500]);
  });
});
