// The file panel's reads for one session's project, through the backend (which keeps them inside it).
import { api } from "../../shared/api.ts";
import type { FileSource } from "./FilesPanel.tsx";
import type { Undoable } from "./GitStatus.tsx";
import { sessionGit } from "./gitWorkSource.ts";

/**
 * Each chat's discards still undoable, for as long as the window is open: switching chats or tabs
 * keeps them offered (the backend keeps the last 20 for the whole app, whichever chat made them).
 */
const undoable = new Map<string, Undoable[]>();
function undoableIn(sessionID: string): Undoable[] {
  const list = undoable.get(sessionID) ?? [];
  undoable.set(sessionID, list);
  return list;
}

/** `folder`: the session's project folder (its commit message is shared by the folder's chats). */
export function sessionFiles(sessionID: string, folder: string): FileSource {
  return {
    tree: (path, page) => api.tree(sessionID, path, page),
    read: (path) => api.readFile(sessionID, path),
    git: (limit, after, filter) => api.gitStatus(sessionID, limit, after, filter),
    diff: (path) => api.gitDiff(sessionID, path),
    find: (query, limit, signal) => api.findFiles(sessionID, query, limit, signal),
    searchText: (query, signal) => api.searchText(sessionID, query, signal),
    work: sessionGit(sessionID, folder),
    discard: {
      discard: (path) => api.gitDiscard(sessionID, path),
      undo: (undo) => api.gitUndoDiscard(sessionID, undo),
      undoable: undoableIn(sessionID),
    },
    openWith: {
      apps: () => api.openWithApps(),
      open: (request) => api.openWith(sessionID, request),
    },
    history: {
      log: (limit, skip) => api.gitLog(sessionID, limit, skip),
      files: (hash) => api.gitCommitFiles(sessionID, hash),
      diff: (hash, path) => api.gitCommitDiff(sessionID, hash, path),
    },
  };
}
