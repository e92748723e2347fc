// Main's side of "Open in": the backend worker asks, main starts. The worker decided what to open
// and checked it is inside the chat's project (apps/backend/src/openWith); main only starts it,
// because a process the worker starts on Windows belongs to the app's job and dies with the app
// (appJob.ts; apps/backend/src/openWith/desktopLauncher.ts). A folder and a file to show selected
// go through Electron's shell (shell.openPath: "Resolves with a string containing the error
// message corresponding to the failure if a failure occurred, otherwise ''"; shell.showItemInFolder:
// "Show the given file in a file manager. If possible, select the file." Electron's shell docs);
// an editor or a terminal is a detached program (@turnkey/sidecar's launchProgram).
import { isAbsolute } from "node:path";
import { LaunchRequest } from "@turnkey/contracts";
import { type LaunchOptions, launchProgram, showableFolder } from "@turnkey/sidecar";

/** The part of Electron's shell this uses. */
export interface LaunchShell {
  openPath(path: string): Promise<string>;
  showItemInFolder(fullPath: string): void;
}

/** Starts what the worker asked for; resolves with null when it started, else the sentence saying why not. */
export function desktopLaunch(
  shell: LaunchShell,
  env: NodeJS.ProcessEnv,
  launch: (
    program: Extract<LaunchRequest, { kind: "program" }>,
    options: LaunchOptions,
  ) => Promise<void> = launchProgram,
  platform: NodeJS.Platform = process.platform,
): (raw: unknown) => Promise<string | null> {
  return async (raw) => {
    const parsed = LaunchRequest.safeParse(raw);
    const request = parsed.success ? parsed.data : null;
    const path = request === null ? null : request.kind === "program" ? request.file : request.path;
    if (request === null || path === null || !isAbsolute(path))
      return "The app could not tell what to open (the request was not one it knows).";
    try {
      // Checked again here: still a folder (opening a file would run it), and a macOS package
      // (an X.app folder) is shown selected, never opened.
      if (request.kind === "folder" && (await showableFolder(request.path, platform)) === "open") {
        const error = await shell.openPath(request.path);
        return error === "" ? null : error;
      }
      // A file, or a package folder: shown selected in its folder.
      if (request.kind !== "program") {
        shell.showItemInFolder(request.path);
        return null;
      }
      await launch(request, { env });
      return null;
    } catch (error) {
      return (error as Error).message;
    }
  };
}
