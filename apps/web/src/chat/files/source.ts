// The file panel's reads for one session's project, through the backend (which keeps them inside it).
import { api } from "../../shared/api.ts";
import type { FileSource } from "./FilesPanel.tsx";
import { sessionGit } from "./gitWorkSource.ts";

export function sessionFiles(sessionID: string): FileSource {
  return {
    tree: (path, page) => api.tree(sessionID, path, page),
    read: (path) => api.readFile(sessionID, path),
    git: (limit, after, filter) => api.gitStatus(sessionID, limit, after, filter),
    diff: (path) => api.gitDiff(sessionID, path),
    find: (query, limit, signal) => api.findFiles(sessionID, query, limit, signal),
    searchText: (query, signal) => api.searchText(sessionID, query, signal),
    work: sessionGit(sessionID),
    discard: {
      discard: (path) => api.gitDiscard(sessionID, path),
      undo: (undo) => api.gitUndoDiscard(sessionID, undo),
    },
  };
}
