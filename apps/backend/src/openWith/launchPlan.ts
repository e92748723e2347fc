// What starting a found app on a folder or a file means on each system, as a LaunchRequest: the
// file manager through the desktop's own call (a folder opened, a file shown selected), an editor
// or a terminal as a program with its arguments. Pure: findApps.ts found the executables.
import { posix, win32 } from "node:path";
import type { LaunchRequest } from "@turnkey/contracts";
import { editorArgs } from "./appCatalog.ts";
import type { FoundApp } from "./findApps.ts";

export interface OpenTarget {
  /** The project folder (real path). */
  folder: string;
  /** What to open: the folder, a folder in it, or a file in it (real path). */
  path: string;
  isDirectory: boolean;
  line?: number;
}

export function launchPlan(app: FoundApp, platform: NodeJS.Platform, target: OpenTarget): LaunchRequest {
  const path = platform === "win32" ? win32 : posix;
  const folderOfTarget = target.isDirectory ? target.path : path.dirname(target.path);
  if (app.how === "file-manager")
    return target.isDirectory ? { kind: "folder", path: target.path } : { kind: "reveal", path: target.path };
  const { entry } = app;
  if (app.how === "bundle") {
    // `open -a App paths…` (open(1)): the folder for a terminal, else the folder and the file.
    const paths = entry.kind === "terminal" || target.isDirectory ? [folderOfTarget] : [target.folder, target.path];
    return { kind: "program", file: "/usr/bin/open", args: ["-a", app.bundle, ...paths], cwd: folderOfTarget };
  }
  if (entry.kind === "terminal") return terminalLaunch(app.executable, entry.id, platform, folderOfTarget);
  const args = target.isDirectory ? [target.path] : editorArgs(entry.lines, target.folder, target.path, target.line);
  return { kind: "program", file: app.executable, args, cwd: target.folder };
}

function terminalLaunch(executable: string, id: string, platform: NodeJS.Platform, folder: string): LaunchRequest {
  if (platform === "win32" && id === "terminal")
    // `-d .` with the folder as the working folder: nothing of the path in wt's command line.
    return { kind: "program", file: executable, args: ["-d", "."], cwd: folder };
  if (platform === "win32") {
    // cmd.exe's `start "" "<powershell.exe>"` opens a console window of its own in the working folder
    // (`start` with no /D starts in the current one; `start /?`). Written verbatim: `start` takes its
    // first quoted argument as the window's title, hence the empty `""` before the quoted program,
    // and the only path on the line is PowerShell's own, which holds no quote (Windows forbids one
    // in a name). Untried on Windows: the workflow's launchProgram test runs cmd.exe verbatim.
    // cmd.exe beside it in System32 (…\System32\WindowsPowerShell\v1.0\powershell.exe).
    const cmd = win32.resolve(win32.dirname(executable), "..", "..", "cmd.exe");
    return {
      kind: "program",
      file: cmd,
      args: ["/d", "/c", "start", '""', `"${executable}"`],
      cwd: folder,
      verbatim: true,
      hideWindow: true,
    };
  }
  // Every terminal here starts its shell in the folder it is started in.
  return { kind: "program", file: executable, args: [], cwd: folder };
}
