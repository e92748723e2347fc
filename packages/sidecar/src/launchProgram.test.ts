// Starting an "Open in" program: the answer comes from the program's start (or its failure), an
// exit within the first moment counts, and a start that never reports ends at its deadline.
import { type ChildProcess, execFileSync, type SpawnOptions } from "node:child_process";
import { EventEmitter } from "node:events";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { LaunchError, launchedProgramEnv, launchProgram, showableFolder } from "./launchProgram.ts";

afterEach(() => {
  vi.useRealTimers();
});

const program = (file: string, args: string[] = []) => ({ kind: "program" as const, file, args, cwd: tmpdir() });

describe("launchProgram", () => {
  it.skipIf(process.platform === "win32")("names a program that is not there", async () => {
    await expect(launchProgram(program("/nonexistent/editor"), { env: {} })).rejects.toThrow(
      "/nonexistent/editor is not there any more (it may have been uninstalled or moved).",
    );
  });

  it.skipIf(process.platform === "win32")(
    "answers at once for a program that hands over and exits 0, and names an early failing exit",
    async () => {
      await expect(launchProgram(program("/bin/sh", ["-c", "exit 0"]), { env: {} })).resolves.toBeUndefined();
      await expect(launchProgram(program("/bin/sh", ["-c", "exit 4"]), { env: {} })).rejects.toThrow(
        "/bin/sh stopped at once with exit code 4",
      );
      // explorer.exe's exit code says nothing: such a plan says so.
      await expect(
        launchProgram({ ...program("/bin/sh", ["-c", "exit 1"]), ignoreExitCode: true }, { env: {} }),
      ).resolves.toBeUndefined();
    },
  );

  it("starts the program detached, and gives up on a start that never reports, at its deadline", async () => {
    vi.useFakeTimers();
    const child = Object.assign(new EventEmitter(), { unref: () => {} }) as unknown as ChildProcess;
    const asked: SpawnOptions[] = [];
    const started = launchProgram(program("C:\\slow.exe"), {
      env: {},
      spawn: (_file, _args, options) => {
        asked.push(options);
        return child;
      },
      startDeadlineMs: 10_000,
    });
    await vi.waitFor(() => expect(asked).toHaveLength(1));
    // Detached: on Windows libuv puts any other child in its own kill-on-close job, and the editor
    // would close with the app; no pipes to hold it to us either. Not hidden: a GUI program's first
    // window would be.
    expect(asked).toMatchObject([{ detached: true, stdio: "ignore", windowsHide: false }]);
    const outcome = started.catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(10_000);
    const error = await outcome;
    expect(error).toBeInstanceOf(LaunchError);
    expect((error as Error).message).toBe("C:\\slow.exe did not start within 10 s.");
  });

  it("starts nothing in a folder that is gone or is a file now", async () => {
    const folder = mkdtempSync(join(tmpdir(), "turnkey launch-"));
    try {
      const spawned: string[] = [];
      const spawn = (file: string) => {
        spawned.push(file);
        return new EventEmitter() as unknown as ChildProcess;
      };
      writeFileSync(join(folder, "was-a-folder"), "");
      for (const cwd of [join(folder, "gone"), join(folder, "was-a-folder")])
        await expect(launchProgram({ ...program("/usr/bin/code"), cwd }, { env: {}, spawn })).rejects.toThrow(
          `${cwd} is not a folder any more, so nothing was started.`,
        );
      expect(spawned).toEqual([]);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it("opens a folder only while it is one, and shows a macOS package instead of opening it", async () => {
    const folder = mkdtempSync(join(tmpdir(), "turnkey launch-"));
    try {
      mkdirSync(join(folder, "Tool.app"));
      writeFileSync(join(folder, "run.bat"), "");
      expect(await showableFolder(folder, "darwin")).toBe("open");
      expect(await showableFolder(join(folder, "Tool.app"), "darwin")).toBe("reveal");
      expect(await showableFolder(join(folder, "Tool.app"), "win32")).toBe("open");
      await expect(showableFolder(join(folder, "run.bat"), "win32")).rejects.toThrow("is not a folder any more");
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it("hands the program the user's environment without ours, whatever the names' case", () => {
    expect(
      launchedProgramEnv({
        PATH: "/usr/bin",
        Turnkey_Token: "t",
        OPENCODE_SERVER_PASSWORD: "p",
        opencode_config_content: "{}",
        ELECTRON_RUN_AS_NODE: "1",
        OPENAI_API_KEY: "the user's own",
        XDG_CURRENT_DESKTOP: "Unity",
        ORIGINAL_XDG_CURRENT_DESKTOP: "GNOME",
      }),
    ).toEqual({ PATH: "/usr/bin", OPENAI_API_KEY: "the user's own", XDG_CURRENT_DESKTOP: "GNOME" });
  });
});

// cmd.exe stands in for a program the user opens: a failing exit is named, and a verbatim command
// line reaches the program as written (cmd.exe's `start ""`, explorer's `/select,"…"`).
describe.runIf(process.platform === "win32")("on Windows, real programs", () => {
  const system32 = join(process.env.SystemRoot ?? "C:\\Windows", "System32");
  const cmd = join(system32, "cmd.exe");
  const powershell = join(system32, "WindowsPowerShell", "v1.0", "powershell.exe");
  const ps = (command: string) =>
    execFileSync(powershell, ["-NoProfile", "-NonInteractive", "-Command", command], { encoding: "utf8" }).trim();

  // An editor is a GUI program started the same way: with windowsHide its first window would start
  // hidden (STARTUPINFOW: wShowWindow is the first ShowWindow's state). .NET's MainWindowHandle is
  // the process's first visible top-level window, 0 while it has none.
  it("shows a GUI program's window: it is not started hidden", async () => {
    try {
      await launchProgram(program(join(system32, "notepad.exe")), { env: process.env });
      await vi.waitFor(
        () =>
          expect(
            Number(
              ps(
                "@(Get-Process notepad -ErrorAction SilentlyContinue | Where-Object { $_.MainWindowHandle -ne 0 }).Count",
              ),
            ),
          ).toBeGreaterThan(0),
        { timeout: 15_000, interval: 500 },
      );
    } finally {
      ps("Stop-Process -Name notepad -Force -ErrorAction SilentlyContinue");
    }
  });

  it("names an early failing exit, and passes a verbatim line as written", async () => {
    await expect(launchProgram(program(cmd, ["/d", "/c", "exit 3"]), { env: process.env })).rejects.toThrow(
      "stopped at once with exit code 3",
    );
    const folder = mkdtempSync(join(tmpdir(), "turnkey launch-"));
    try {
      const out = join(folder, "said.txt");
      await launchProgram(
        { ...program(cmd, ["/d", "/c", "echo", '"a b"', ">", `"${out}"`]), verbatim: true },
        { env: process.env },
      );
      expect(readFileSync(out, "utf8").trim()).toBe('"a b"');
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
