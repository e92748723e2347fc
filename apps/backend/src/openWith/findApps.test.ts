// Which apps "Open in" finds on each system, and what starting one means there: the Windows and
// macOS rules run here on Linux through a probe over an in-memory list of files.
import type { LaunchRequest } from "@turnkey/contracts";
import { describe, expect, it } from "vitest";
import { type AppProbe, type FoundApp, findApps, shimTarget } from "./findApps.ts";
import { launchPlan } from "./launchPlan.ts";
import { fileManagerProgram, noDesktop } from "./localLauncher.ts";
import { runsInWsl } from "./systemProbe.ts";

function probe(
  platform: NodeJS.Platform,
  env: NodeJS.ProcessEnv,
  files: Record<string, string>,
  folders: string[] = [],
) {
  const lower = (p: string) => (platform === "win32" ? p.toLowerCase() : p);
  const fileList = new Map(Object.entries(files).map(([p, text]) => [lower(p), text]));
  const folderList = new Set(folders.map(lower));
  return {
    platform,
    env,
    home: platform === "win32" ? "C:\\Users\\ada" : "/Users/ada",
    isFile: async (p: string) => fileList.has(lower(p)),
    isFolder: async (p: string) => folderList.has(lower(p)),
    readText: async (p: string) => fileList.get(lower(p)) ?? null,
  } satisfies AppProbe;
}

const ids = (apps: FoundApp[]) => apps.map((app) => app.entry.id);
const executable = (apps: FoundApp[], id: string) => {
  const app = apps.find((a) => a.entry.id === id);
  return app?.how === "program" ? app.executable : app?.how;
};

// VS Code's bin\code.cmd as its Windows build writes it (resources/win32/bin/code.cmd, @@NAME@@ = Code).
const codeCmd = `@echo off
setlocal
set VSCODE_DEV=
set ELECTRON_RUN_AS_NODE=1
START /B "" "%~dp0..\\Code.exe" "%~dp0..\\resources\\app\\out\\cli.js" %*
IF %ERRORLEVEL% NEQ 0 EXIT /b %ERRORLEVEL%
endlocal
`;

const windowsEnv = {
  Path: "C:\\Windows\\system32;D:\\Tools\\VS Code\\bin;relative\\bin",
  PATHEXT: ".COM;.EXE;.BAT;.CMD",
  LOCALAPPDATA: "C:\\Users\\ada\\AppData\\Local",
  ProgramFiles: "C:\\Program Files",
  SystemRoot: "C:\\WINDOWS",
};

describe("Windows", () => {
  it("finds an editor by its install folder, and one on PATH through its .cmd shim's executable, never the shim", async () => {
    const apps = await findApps(
      probe("win32", windowsEnv, {
        "C:\\Users\\ada\\AppData\\Local\\Programs\\cursor\\Cursor.exe": "",
        "D:\\Tools\\VS Code\\bin\\code.cmd": codeCmd,
        "D:\\Tools\\VS Code\\Code.exe": "",
        "C:\\Users\\ada\\AppData\\Local\\Microsoft\\WindowsApps\\wt.exe": "",
        "C:\\WINDOWS\\System32\\WindowsPowerShell\\v1.0\\powershell.exe": "",
      }),
    );
    // Editors first, then the file manager, then terminals.
    expect(ids(apps)).toEqual(["vscode", "cursor", "files", "terminal", "powershell"]);
    expect(executable(apps, "vscode")).toBe("D:\\Tools\\VS Code\\Code.exe");
    expect(executable(apps, "cursor")).toBe("C:\\Users\\ada\\AppData\\Local\\Programs\\cursor\\Cursor.exe");
    expect(apps.map((a) => a.entry.name)).toEqual([
      "Visual Studio Code",
      "Cursor",
      "File Explorer",
      "Windows Terminal",
      "PowerShell",
    ]);
  });

  it("leaves out an editor whose shim names no executable that is there, and one whose folder variable is unset", async () => {
    const apps = await findApps(
      probe(
        "win32",
        { ...windowsEnv, LOCALAPPDATA: "" },
        {
          "D:\\Tools\\VS Code\\bin\\code.cmd": codeCmd,
          "C:\\Users\\ada\\AppData\\Local\\Programs\\cursor\\Cursor.exe": "",
        },
      ),
    );
    expect(ids(apps)).toEqual(["files"]);
  });

  it("reads only a quoted %~dp0 path ending in .exe from a shim", async () => {
    const p = probe("win32", windowsEnv, {
      "D:\\bin\\odd.cmd": '@echo off\n"C:\\evil.exe" %*\n"%~dp0node_modules\\x.js"\n"%~dp0..\\Real App\\app.exe" %*\n',
      "C:\\evil.exe": "",
      "D:\\Real App\\app.exe": "",
    });
    expect(await shimTarget(p, "D:\\bin\\odd.cmd")).toBe("D:\\Real App\\app.exe");
  });

  it("opens Windows Terminal and PowerShell with the folder as the working folder, never in their command lines", async () => {
    const apps = await findApps(
      probe("win32", windowsEnv, {
        "C:\\Users\\ada\\AppData\\Local\\Microsoft\\WindowsApps\\wt.exe": "",
        "C:\\WINDOWS\\System32\\WindowsPowerShell\\v1.0\\powershell.exe": "",
      }),
    );
    const folder = "C:\\work\\a;b & c";
    const target = { folder, path: folder, isDirectory: true };
    const wt = apps.find((a) => a.entry.id === "terminal");
    const powershell = apps.find((a) => a.entry.id === "powershell");
    expect(wt && launchPlan(wt, "win32", target)).toEqual({
      kind: "program",
      file: "C:\\Users\\ada\\AppData\\Local\\Microsoft\\WindowsApps\\wt.exe",
      args: ["-d", "."],
      cwd: folder,
    });
    expect(powershell && launchPlan(powershell, "win32", target)).toEqual({
      kind: "program",
      file: "C:\\WINDOWS\\System32\\cmd.exe",
      args: ["/d", "/c", "start", '""', '"C:\\WINDOWS\\System32\\WindowsPowerShell\\v1.0\\powershell.exe"'],
      cwd: folder,
      verbatim: true,
      hideWindow: true,
    });
  });

  it("shows a folder and a selected file with explorer.exe when the backend starts it itself", () => {
    const env = { SystemRoot: "C:\\WINDOWS" };
    expect(fileManagerProgram({ kind: "reveal", path: "C:\\work\\my app\\a.ts" }, "win32", env)).toEqual({
      kind: "program",
      file: "C:\\WINDOWS\\explorer.exe",
      args: ['/select,"C:\\work\\my app\\a.ts"'],
      cwd: "C:\\work\\my app",
      verbatim: true,
      ignoreExitCode: true,
    });
    expect(fileManagerProgram({ kind: "folder", path: "C:\\work\\my app" }, "win32", env).args).toEqual([
      '"C:\\work\\my app"',
    ]);
  });
});

describe("macOS", () => {
  it("starts an editor's own command line tool from its bundle, and an app without one through open -a", async () => {
    const apps = await findApps(
      probe(
        "darwin",
        { PATH: "/usr/bin:/opt/homebrew/bin" },
        {
          "/Applications/Visual Studio Code.app/Contents/Resources/app/bin/code": "",
          "/opt/homebrew/bin/subl": "",
        },
        [
          "/Applications/Visual Studio Code.app",
          "/Users/ada/Applications/Zed.app",
          "/System/Applications/Utilities/Terminal.app",
        ],
      ),
    );
    expect(ids(apps)).toEqual(["vscode", "zed", "sublime", "files", "terminal"]);
    expect(executable(apps, "vscode")).toBe("/Applications/Visual Studio Code.app/Contents/Resources/app/bin/code");
    expect(executable(apps, "zed")).toBe("bundle");
    expect(executable(apps, "sublime")).toBe("/opt/homebrew/bin/subl");
    const target = { folder: "/w/p", path: "/w/p/src/a.ts", isDirectory: false, line: 7 };
    const zed = apps.find((a) => a.entry.id === "zed");
    expect(zed && launchPlan(zed, "darwin", target)).toEqual({
      kind: "program",
      file: "/usr/bin/open",
      args: ["-a", "/Users/ada/Applications/Zed.app", "/w/p", "/w/p/src/a.ts"],
      cwd: "/w/p/src",
    });
    const terminal = apps.find((a) => a.entry.id === "terminal");
    expect(terminal && launchPlan(terminal, "darwin", { folder: "/w/p", path: "/w/p", isDirectory: true })).toEqual({
      kind: "program",
      file: "/usr/bin/open",
      args: ["-a", "/System/Applications/Utilities/Terminal.app", "/w/p"],
      cwd: "/w/p",
    });
    expect(fileManagerProgram({ kind: "reveal", path: "/w/p/a.ts" }, "darwin", {}).args).toEqual(["-R", "/w/p/a.ts"]);
  });
});

describe("Linux", () => {
  const files = { "/usr/bin/code": "", "/usr/local/bin/zeditor": "", "/usr/bin/xdg-open": "", "/usr/bin/konsole": "" };

  it("finds editors and a terminal on PATH, and the file manager only through xdg-open", async () => {
    const apps = await findApps(probe("linux", { PATH: "/usr/local/bin:/usr/bin" }, files));
    expect(ids(apps)).toEqual(["vscode", "zed", "files", "terminal"]);
    expect(apps.find((a) => a.entry.kind === "terminal")?.entry.name).toBe("Terminal");
    const withoutXdg = await findApps(probe("linux", { PATH: "/usr/bin" }, { "/usr/bin/code": "" }));
    expect(ids(withoutXdg)).toEqual(["vscode"]);
  });

  it("opens the project folder with a file at its line in each editor's own way", async () => {
    const apps = await findApps(probe("linux", { PATH: "/usr/local/bin:/usr/bin" }, files));
    const plans = Object.fromEntries(
      apps.map((app) => [
        app.entry.id,
        launchPlan(app, "linux", { folder: "/w/p", path: "/w/p/--help.ts", isDirectory: false, line: 12 }),
      ]),
    ) as Record<string, LaunchRequest>;
    expect(plans.vscode).toEqual({
      kind: "program",
      file: "/usr/bin/code",
      args: ["/w/p", "--goto", "/w/p/--help.ts:12"],
      cwd: "/w/p",
    });
    expect(plans.zed).toMatchObject({ args: ["/w/p", "/w/p/--help.ts:12"] });
    expect(plans.files).toEqual({ kind: "reveal", path: "/w/p/--help.ts" });
    expect(fileManagerProgram({ kind: "reveal", path: "/w/p/--help.ts" }, "linux", {}).args).toEqual(["/w/p"]);
  });

  it("gives no line for a name holding a ':', which an editor would read as a line and a column", async () => {
    const apps = await findApps(probe("linux", { PATH: "/usr/local/bin:/usr/bin" }, files));
    const plan = (id: string, folder: string, path: string) => {
      const app = apps.find((a) => a.entry.id === id);
      return app && launchPlan(app, "linux", { folder, path, isDirectory: false, line: 12 });
    };
    // `--goto /w/p/x:3:12` would open /w/p/x (a link to anywhere) at line 3.
    expect(plan("vscode", "/w/p", "/w/p/x:3")).toMatchObject({ args: ["/w/p", "/w/p/x:3"] });
    expect(plan("zed", "/w/p", "/w/p/..:3")).toMatchObject({ args: ["/w/p", "/w/p/..:3"] });
    expect(plan("vscode", "/w/a:b", "/w/a:b/notes.txt")).toMatchObject({ args: ["/w/a:b", "/w/a:b/notes.txt"] });
    // A drive's colon is no line.
    const windows = launchPlan(
      { entry: apps[0]!.entry, how: "program", executable: "C:\\VS Code\\Code.exe" },
      "win32",
      { folder: "C:\\w\\p", path: "C:\\w\\p\\a.ts", isDirectory: false, line: 12 },
    );
    expect(windows).toMatchObject({ args: ["C:\\w\\p", "--goto", "C:\\w\\p\\a.ts:12"] });
  });
});

describe("WSL", () => {
  it("opens in Windows' own apps through WSL's interop: VS Code's WSL `code`, explorer.exe on the folder", async () => {
    const vscodeBin = "/mnt/c/Users/ada/AppData/Local/Programs/Microsoft VS Code/bin";
    const apps = await findApps({
      ...probe(
        "linux",
        { PATH: `/usr/bin:${vscodeBin}:/mnt/c/WINDOWS` },
        { [`${vscodeBin}/code`]: "", [`${vscodeBin}/code.cmd`]: codeCmd, "/mnt/c/WINDOWS/explorer.exe": "" },
      ),
      wsl: true,
    });
    expect(apps.map((a) => [a.entry.id, a.entry.name])).toEqual([
      ["vscode", "Visual Studio Code"],
      ["files", "File Explorer"],
    ]);
    expect(executable(apps, "vscode")).toBe(`${vscodeBin}/code`);
    // Told by what WSL sets for what it starts; an environment given in a test never reads this machine's kernel.
    expect(runsInWsl("linux", { WSL_DISTRO_NAME: "Ubuntu" })).toBe(true);
    expect(runsInWsl("linux", { WSL_INTEROP: "/run/WSL/1_interop" })).toBe(true);
    expect(runsInWsl("linux", {})).toBe(false);
    expect(runsInWsl("win32", { WSL_DISTRO_NAME: "Ubuntu" })).toBe(false);
    // The folder goes as explorer's working folder, which WSL hands to Windows as \\wsl.localhost\….
    expect(fileManagerProgram({ kind: "reveal", path: "/home/ada/p/a.ts" }, "linux", {}, "xdg-open", true)).toEqual({
      kind: "program",
      file: "explorer.exe",
      args: ["."],
      cwd: "/home/ada/p",
      ignoreExitCode: true,
    });
  });
});

describe("a backend with no desktop", () => {
  it("says why it opens nothing: no display on Linux outside WSL, or a start over SSH anywhere", () => {
    expect(noDesktop("linux", {})).toMatch(/neither DISPLAY nor WAYLAND_DISPLAY/);
    expect(noDesktop("linux", { WAYLAND_DISPLAY: "wayland-0" })).toBeNull();
    expect(noDesktop("win32", { SSH_CONNECTION: "10.0.0.2 50000 10.0.0.1 22" })).toMatch(/started over SSH/);
    expect(noDesktop("darwin", {})).toBeNull();
    // In WSL the desktop is Windows', with or without WSLg's DISPLAY; over SSH still not the user's.
    expect(noDesktop("linux", {}, true)).toBeNull();
    expect(noDesktop("linux", { SSH_CLIENT: "10.0.0.2 50000 22" }, true)).toMatch(/started over SSH/);
  });
});
