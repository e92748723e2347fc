// "Open in": the programs on the user's computer that open a chat's project folder or one of its
// files (an editor, the file manager, a terminal), and the request that opens one. The backend
// finds them (apps/backend/src/openWith) and says why there are none where it cannot show a window
// (a server reached over SSH); the program is started where the user sits, outside the app's job
// on Windows (the desktop's main process), so closing the app leaves the editor open.
import { z } from "zod";

export const OpenWithKind = z.enum(["editor", "files", "terminal"]);
export type OpenWithKind = z.infer<typeof OpenWithKind>;

export const OpenWithApp = z.object({
  /** Stable across versions and platforms ("vscode", "files", "terminal", …). */
  id: z.string(),
  /** As the user knows it: "Visual Studio Code", "File Explorer", "Finder", "Windows Terminal". */
  name: z.string(),
  kind: OpenWithKind,
  /** It opens a file at a given line (editors whose command line takes one). */
  lines: z.boolean(),
});
export type OpenWithApp = z.infer<typeof OpenWithApp>;

export const OpenWithResponse = z.object({
  apps: z.array(OpenWithApp),
  /** The app the last "Open in" used, while it is still found; null before the first. */
  preferred: z.string().nullable(),
  /** Why nothing can be opened from this backend (no desktop to show a window on); null when apps can be. */
  unavailable: z.string().nullable(),
});
export type OpenWithResponse = z.infer<typeof OpenWithResponse>;

// Long paths pass the schema so that the route answers with containment's own sentence about length.
export const OpenWithRequest = z
  .object({
    app: z.string().min(1).max(64),
    /** Relative to the chat's project folder, `/`-separated; absent or "" for the folder itself. */
    path: z.string().max(64_000).optional(),
    /** 1-based; only for a file, and only an app with `lines` uses it. */
    line: z.number().int().min(1).max(100_000_000).optional(),
  })
  .strict();
export type OpenWithRequest = z.infer<typeof OpenWithRequest>;

export const OpenWithResult = z.object({
  /** The sentence to show: what was opened, in which app. */
  message: z.string(),
});
export type OpenWithResult = z.infer<typeof OpenWithResult>;

/**
 * What the backend worker asks the desktop's main process to start (apps/desktop/src/launchRequest.ts):
 * a folder shown in the file manager, a file shown selected in its folder, or a program with its
 * arguments. Absolute paths only; the backend has checked they are inside the chat's project.
 */
export const LaunchRequest = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("folder"), path: z.string().min(1) }).strict(),
  z.object({ kind: z.literal("reveal"), path: z.string().min(1) }).strict(),
  z
    .object({
      kind: z.literal("program"),
      file: z.string().min(1),
      args: z.array(z.string()),
      cwd: z.string().min(1),
      /** Passed to Windows as written (cmd.exe's `start ""`, explorer's `/select,"…"`): never user text unquoted. */
      verbatim: z.boolean().optional(),
      /** The program's exit code says nothing (explorer.exe exits 1 after opening a window). */
      ignoreExitCode: z.boolean().optional(),
      /** Windows: hide its first window (cmd.exe's, when `start` opens the real one). Never for a GUI program. */
      hideWindow: z.boolean().optional(),
    })
    .strict(),
]);
export type LaunchRequest = z.infer<typeof LaunchRequest>;
export type ProgramLaunch = Extract<LaunchRequest, { kind: "program" }>;
