// The programs "Open in" knows: where each one is installed on each system, and how its command
// line opens a folder or a file at a line. Only these are ever started, with absolute paths as
// arguments (a file the agent named `--install-extension=…` is still a path, never an option).
//
// Where they install, from their own documentation or installers:
// - VS Code's user setup goes to %LOCALAPPDATA%\Programs\Microsoft VS Code, the system setup to
//   %ProgramFiles%\Microsoft VS Code (code.visualstudio.com/docs/setup/windows); its PATH entry is
//   bin\code.cmd, whose `"%~dp0..\Code.exe"` is the app (resources/win32/bin/code.cmd). Cursor,
//   Windsurf and VSCodium are VS Code builds with the same layout under their own names.
// - On macOS each VS Code build carries its command line tool inside the bundle,
//   Contents/Resources/app/bin/<name> (code.visualstudio.com/docs/setup/mac); Zed's is
//   Contents/MacOS/cli, Sublime Text's Contents/SharedSupport/bin/subl.
// - `--goto file:line` is VS Code's "open a file at a line" (code.visualstudio.com/docs/configure/
//   command-line); Zed and Sublime Text take `file:line` as is.
// - Windows Terminal's `wt -d .` starts in the current folder: a relative -d is resolved against it
//   (microsoft/terminal#7454). The folder goes as the working folder, never in wt's command line,
//   whose `;` splits commands even inside a quoted argument (microsoft/terminal#13264).
import type { OpenWithKind } from "@turnkey/contracts";

/** How an editor's command line names a file at a line. */
export type LineStyle = "goto" | "suffix";

export interface CatalogEntry {
  id: string;
  name: string;
  kind: OpenWithKind;
  /** Editors: how a line is given (absent: the app opens folders only). */
  lines?: LineStyle;
  win32?: {
    /** Install folders' executables, `%NAME%` for an environment variable. */
    installed?: string[];
    /** Names looked for on PATH (with PATHEXT). */
    commands?: string[];
  };
  darwin?: {
    /** Bundle names looked for in /Applications and ~/Applications. */
    bundles?: string[];
    /** The command line tool inside the bundle; without one the app is opened with `open -a`. */
    cli?: string;
    commands?: string[];
  };
  linux?: { commands?: string[] };
}

/** A VS Code build: the same layout and command line under its own names. */
function vscodeBuild(id: string, name: string, folder: string, exe: string, command: string): CatalogEntry {
  return {
    id,
    name,
    kind: "editor",
    lines: "goto",
    win32: {
      installed: [`%LOCALAPPDATA%\\Programs\\${folder}\\${exe}`, `%ProgramFiles%\\${folder}\\${exe}`],
      commands: [command],
    },
    darwin: { bundles: [name], cli: `Contents/Resources/app/bin/${command}`, commands: [command] },
    linux: { commands: [command] },
  };
}

export const catalog: CatalogEntry[] = [
  vscodeBuild("vscode", "Visual Studio Code", "Microsoft VS Code", "Code.exe", "code"),
  vscodeBuild(
    "vscode-insiders",
    "Visual Studio Code - Insiders",
    "Microsoft VS Code Insiders",
    "Code - Insiders.exe",
    "code-insiders",
  ),
  vscodeBuild("cursor", "Cursor", "cursor", "Cursor.exe", "cursor"),
  vscodeBuild("windsurf", "Windsurf", "Windsurf", "Windsurf.exe", "windsurf"),
  vscodeBuild("vscodium", "VSCodium", "VSCodium", "VSCodium.exe", "codium"),
  {
    id: "zed",
    name: "Zed",
    kind: "editor",
    lines: "suffix",
    win32: { installed: ["%LOCALAPPDATA%\\Programs\\Zed\\Zed.exe"], commands: ["zed"] },
    darwin: { bundles: ["Zed"], cli: "Contents/MacOS/cli", commands: ["zed"] },
    linux: { commands: ["zed", "zeditor"] },
  },
  {
    id: "sublime",
    name: "Sublime Text",
    kind: "editor",
    lines: "suffix",
    win32: { installed: ["%ProgramFiles%\\Sublime Text\\subl.exe"], commands: ["subl"] },
    darwin: { bundles: ["Sublime Text"], cli: "Contents/SharedSupport/bin/subl", commands: ["subl"] },
    linux: { commands: ["subl"] },
  },
  {
    id: "terminal",
    name: "Windows Terminal",
    kind: "terminal",
    // An app execution alias (a reparse point CreateProcess starts), not on every PATH.
    win32: { installed: ["%LOCALAPPDATA%\\Microsoft\\WindowsApps\\wt.exe"], commands: ["wt"] },
  },
  {
    // Windows' own console, started through cmd.exe's `start`, which gives it a window of its own
    // (a console program the app starts directly would have none: it is detached).
    id: "powershell",
    name: "PowerShell",
    kind: "terminal",
    win32: { installed: ["%SystemRoot%\\System32\\WindowsPowerShell\\v1.0\\powershell.exe"] },
  },
  {
    id: "terminal",
    name: "Terminal",
    kind: "terminal",
    darwin: { bundles: ["Utilities/Terminal", "Terminal"] },
  },
  {
    id: "iterm",
    name: "iTerm",
    kind: "terminal",
    darwin: { bundles: ["iTerm"] },
  },
  {
    id: "terminal",
    name: "Terminal",
    kind: "terminal",
    // Debian's and Ubuntu's chosen terminal first (update-alternatives), then the common ones.
    linux: {
      commands: [
        "x-terminal-emulator",
        "gnome-terminal",
        "konsole",
        "xfce4-terminal",
        "kitty",
        "alacritty",
        "wezterm",
        "foot",
        "xterm",
      ],
    },
  },
];

/**
 * The file manager's name on each system; it is always there on Windows and macOS, through xdg-open
 * on Linux, and in WSL Windows' own (explorer.exe through WSL's interop).
 */
export function fileManagerName(platform: NodeJS.Platform, wsl = false): string {
  if (platform === "win32" || wsl) return "File Explorer";
  if (platform === "darwin") return "Finder";
  return "the file manager";
}

/** A `:` in a path, a drive's aside: an editor would read what follows it as a line or a column. */
const colonIn = (path: string) => path.replace(/^[A-Za-z]:/, "").includes(":");

/**
 * The arguments that open `file` in an editor's window on `folder`, at `line` when the editor takes
 * one (`style`; absent: no line). No line when either path holds a `:`: VS Code splits a `--goto` argument (every path of the line) at each `:`
 * and takes numbers, even empty ones, for the line and column (parseLineAndColumnAware), so
 * `x:3:12` opens `x` (a link to anywhere) and `..:3:12` the project's parent; Zed and Sublime Text
 * read a trailing `:n` the same way. Without a line the names go as they are.
 */
export function editorArgs(style: LineStyle | undefined, folder: string, file: string, line?: number): string[] {
  if (style === undefined || line === undefined || colonIn(file) || colonIn(folder)) return [folder, file];
  return style === "goto" ? [folder, "--goto", `${file}:${line}`] : [folder, `${file}:${line}`];
}
