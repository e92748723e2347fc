// Projects: the folders the agent works in. One sidecar serves them all (opencode's per-request
// `directory`); the backend keeps the list, recent first, and routes every session to its folder.
import { z } from "zod";

/** Longest path the API accepts; anything longer is refused with a sentence, not a stack trace. */
export const maxPathChars = 4_000;

export const Project = z.object({
  /** Stable for a folder: the same path always gets the same id. */
  id: z.string(),
  /** The folder, absolute, with symlinks resolved (how opencode names it). */
  path: z.string(),
  /** The folder's own name, for menus and tabs. */
  name: z.string(),
  addedAt: z.number(),
  openedAt: z.number(),
  /** False when the folder is gone (deleted or unmounted): its history stays readable. */
  exists: z.boolean(),
  /** The checked-out git branch, or null outside git (or on a detached HEAD). */
  branch: z.string().nullable(),
  /** Sessions of this project replying right now. */
  busySessions: z.array(z.string()),
  /** Sessions of this project waiting for the user (a permission or a question). */
  waitingSessions: z.array(z.string()),
});
export type Project = z.infer<typeof Project>;

export const ProjectsResponse = z.object({ projects: z.array(Project) });
export type ProjectsResponse = z.infer<typeof ProjectsResponse>;
/**
 * The `projects` event: the list, and every session waiting for the user in any folder, listed as
 * a project or not (the tray counts them all; a folder not listed has no `waitingSessions` to show it),
 * and the ids of every pending request (a second question in a waiting session changes only these).
 */
export const ProjectsEvent = ProjectsResponse.extend({
  waitingSessions: z.array(z.string()),
  waitingRequests: z.array(z.string()),
});
export type ProjectsEvent = z.infer<typeof ProjectsEvent>;

// Long paths pass the schema so that the route can answer with its own sentence about length.
export const AddProjectRequest = z.object({ path: z.string().max(64_000) }).strict();
export type AddProjectRequest = z.infer<typeof AddProjectRequest>;
export const AddProjectResponse = z.object({ project: Project, created: z.boolean() });

/** The folder browser of plain browsers: sub-folders only, never files or their contents. */
export const FolderEntry = z.object({ name: z.string(), path: z.string() });
export type FolderEntry = z.infer<typeof FolderEntry>;
export const FoldersResponse = z.object({
  path: z.string(),
  /** Null at a root (a drive, `/`). */
  parent: z.string().nullable(),
  folders: z.array(FolderEntry),
  /** Where browsing can start: the home folder, then the drives (or `/`). */
  roots: z.array(FolderEntry),
  /** Said when some entries did not answer in time (links into a hung network share). */
  note: z.string().optional(),
  /** Entries past this page not looked at yet (folders and links; absent: none), and the cursor of the next page. */
  more: z.number().int().nonnegative().optional(),
  next: z.string().optional(),
});
export type FoldersResponse = z.infer<typeof FoldersResponse>;
