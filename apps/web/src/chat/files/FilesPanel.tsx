// The Files tab of the session panel: a file found by name, the project's git work (branch,
// pull/push, commit), its uncommitted changes, its history, its folders, and a file opened from
// them. The tree stays mounted under an open file, so closing it finds the folders as they were left.
import type { FileContentResponse, GitDiffResponse, TextSearchQuery, TextSearchResponse } from "@turnkey/contracts";
import { useContext, useEffect, useRef, useState } from "react";
import { FileFinder } from "./FileFinder.tsx";
import { FileTree } from "./FileTree.tsx";
import { FileViewer } from "./FileViewer.tsx";
import { GitHistory, type HistorySource } from "./GitHistory.tsx";
import { type ChangesLoad, type DiscardSource, GitStatus } from "./GitStatus.tsx";
import { type CommitModel, GitWork } from "./GitWork.tsx";
import type { GitWorkSource } from "./gitWorkSource.ts";
import { OpenWith, OpenWithContext, type OpenWithSource, useOpenWithApps } from "./OpenWith.tsx";
import { TextFinder } from "./TextFinder.tsx";
import type { FolderLoad } from "./useFolders.ts";
import "./files.css";

/** Where the panel reads from: one session's project (source.ts), or a test's fakes. */
export interface FileSource {
  /** A page of a folder: the first, or the one after an earlier page's `next`; names holding `filter`. */
  tree: FolderLoad;
  read: (path: string) => Promise<FileContentResponse>;
  /** The uncommitted changes, `limit` files at most, those after the path `after` (the next page), paths holding `filter`. */
  git: ChangesLoad;
  /** One changed file's patch, asked for when it is opened. */
  diff: (path: string) => Promise<GitDiffResponse>;
  /** The files whose names match a search (absent: no "Find a file" box). */
  find?: (query: string, limit: number, signal?: AbortSignal) => Promise<string[]>;
  /** The lines of the project's files holding a text (absent: no "Find text in the files" box). */
  searchText?: (query: TextSearchQuery, signal?: AbortSignal) => Promise<TextSearchResponse>;
  /** Commit, branches, pull and push (absent: the tab only shows). */
  work?: GitWorkSource;
  /** A changed file's Discard and its Undo (absent: no Discard in the list). */
  discard?: DiscardSource;
  /** The branch's commits, each one's files and patches (absent: no History). */
  history?: HistorySource;
  /** "Open in" an editor, the file manager or a terminal (absent: no such buttons). */
  openWith?: OpenWithSource;
}

/** Ctrl+P or Ctrl+Shift+F asked for a search box: `at` tells one press from the next. */
export interface FilesRequest {
  box: "name" | "text";
  at: number;
}

export function FilesPanel(props: {
  source: FileSource;
  refreshKey: string | number;
  /**
   * Changes when the agent may have changed files (a reply ended, a reconnect): the two searches
   * run again then (and after a commit, a pull or Refresh), not when a reply starts. refreshKey by default.
   */
  searchRefreshKey?: string | number;
  onMention: (path: string) => void;
  /** A search box to focus (an open file is closed for it); `onRequestDone` once it has the focus. */
  request?: FilesRequest | null;
  onRequestDone?: () => void;
  /** Opens a folder (a worktree) as a project with a new chat. */
  onOpenFolder?: (path: string) => Promise<void>;
  /** The chat's model, which writes a commit message when asked. */
  commitModel?: CommitModel;
}) {
  const [open, setOpen] = useState<{ path: string; line?: number } | null>(null);
  // Where the focus was when a file opened (the finder, a result, a tree row): it goes back there
  // when the file closes, so a keyboard user keeps their place.
  const opener = useRef<HTMLElement | null>(null);
  const openFile = (path: string, line?: number) => {
    opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    setOpen(line === undefined ? { path } : { path, line });
  };
  useEffect(() => {
    if (open === null) opener.current?.focus();
  }, [open]);
  const nameBox = useRef<HTMLInputElement>(null);
  const textBox = useRef<HTMLInputElement>(null);
  const { request, onRequestDone } = props;
  // After the effect above: a box asked for wins over the place a closed file gives the focus back to.
  useEffect(() => {
    if (!request) return;
    if (open !== null) {
      setOpen(null); // the boxes are hidden under an open file
      return;
    }
    const box = (request.box === "name" ? nameBox : textBox).current;
    box?.focus();
    box?.select();
    onRequestDone?.();
  }, [request, open, onRequestDone]);
  // A commit, a switch or a pull changes the working tree: the diff list is read again.
  const [changed, setChanged] = useState(0);
  // Refresh (either button): the git work, the changes and the open folders are read again.
  const [refreshed, setRefreshed] = useState(0);
  const refresh = () => setRefreshed((n) => n + 1);
  const filesKey = `${props.refreshKey}:${changed}:${refreshed}`;
  // The side panel's list when it shares one with the Changes tab, else the tab's own; given to
  // every "Open in" below (the viewer's, the change list's rows).
  const shared = useContext(OpenWithContext);
  const own = useOpenWithApps(shared ? undefined : props.source.openWith);
  const searchKey = `${props.searchRefreshKey ?? props.refreshKey}:${changed}:${refreshed}`;
  return (
    <OpenWithContext.Provider value={shared ?? own}>
      <div className="files-panel">
        {open && (
          <FileViewer
            path={open.path}
            {...(open.line !== undefined ? { line: open.line } : {})}
            read={props.source.read}
            onMention={props.onMention}
            onClose={() => setOpen(null)}
          />
        )}
        <div hidden={open !== null}>
          <OpenWith />
          {/* A reply's edits, a commit or a pull change what the searches find: they are run again. */}
          {props.source.find && (
            <FileFinder
              find={props.source.find}
              onOpen={(path) => openFile(path)}
              refreshKey={searchKey}
              inputRef={nameBox}
            />
          )}
          {props.source.searchText && (
            <TextFinder search={props.source.searchText} onOpen={openFile} refreshKey={searchKey} inputRef={textBox} />
          )}
          {/* The files first, under their searches; the git sections after them. */}
          <section aria-label="Project files">
            <h3 className="files-head">
              Files{" "}
              <button type="button" className="linkish small" onClick={refresh}>
                Refresh
              </button>
            </h3>
            <FileTree
              load={props.source.tree}
              onOpen={(path) => openFile(path)}
              refreshKey={`${props.refreshKey}:${refreshed}`}
            />
          </section>
          {props.source.work && (
            <GitWork
              source={props.source.work}
              refreshKey={`${props.refreshKey}:${refreshed}`}
              onChanged={() => setChanged((n) => n + 1)}
              onOpenFolder={props.onOpenFolder}
              model={props.commitModel}
            />
          )}
          <GitStatus
            load={props.source.git}
            diff={props.source.diff}
            refreshKey={filesKey}
            onRefresh={refresh}
            {...(props.source.discard ? { discard: props.source.discard } : {})}
            // A discard changes the working tree: the branch's state, the folders and the searches too.
            onChanged={refresh}
          />
          {props.source.history && <GitHistory source={props.source.history} refreshKey={filesKey} />}
        </div>
      </div>
    </OpenWithContext.Provider>
  );
}
