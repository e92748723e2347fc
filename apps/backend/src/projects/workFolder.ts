// One rule for "is a project's folder there to work in", shared by the project list, chat and the
// workbench: reading a session whose folder is gone still works (opencode keeps its history in
// its own data), anything that would act in the folder is refused with the same sentence, never
// sent to opencode's default instance, which is some other folder.
import { statSync } from "node:fs";
import { ApiRefusal } from "../apiError.ts";

/** A project that cannot be used as asked: unknown id, a bad folder, a folder gone. */
export class ProjectError extends ApiRefusal {
  declare readonly httpStatus: 400 | 404;
  declare readonly code: "invalid_path" | "not_found";
  constructor(httpStatus: 400 | 404, code: "invalid_path" | "not_found", message: string) {
    super(httpStatus, code, message);
  }
}

/** What a call does with a session's folder: only reads opencode's data, or works in the folder. */
export type FolderUse = "read" | "work";

export function folderExists(folder: string): boolean {
  try {
    return statSync(folder).isDirectory();
  } catch {
    return false;
  }
}

/**
 * The folder a call on `directory` goes to: the folder itself when it is there; when it is gone,
 * undefined (opencode's default instance) for reading, a ProjectError for working in it.
 */
export function folderFor(directory: string, use: FolderUse): string | undefined {
  if (folderExists(directory)) return directory;
  if (use === "read") return undefined;
  throw new ProjectError(
    400,
    "invalid_path",
    `The folder ${directory} no longer exists, so OpenCode cannot work in it. Its chats stay readable: restore the folder, or open another project.`,
  );
}
