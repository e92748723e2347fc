// The project's folders, read one level at a time: a folder's entries are asked for the first
// time it is opened (a project of 100,000 files costs one listing, not a walk), folders first.
// The backend sends at most maxFolderEntries of one folder and counts the rest, said under it.
import type { FileTreeResponse } from "@turnkey/contracts";
import { useCallback, useEffect, useState } from "react";
import { errorMessage } from "../../shared/api.ts";

type Folder = { state: "loading" } | { state: "error"; message: string } | ({ state: "ready" } & FileTreeResponse);

export function FileTree(props: { load: (path: string) => Promise<FileTreeResponse>; onOpen: (path: string) => void }) {
  const { load } = props;
  const [folders, setFolders] = useState<ReadonlyMap<string, Folder>>(new Map());
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const fetchFolder = useCallback(
    (path: string) => {
      const set = (folder: Folder) => setFolders((all) => new Map(all).set(path, folder));
      set({ state: "loading" });
      load(path).then(
        (listing) => set({ state: "ready", ...listing }),
        (e) => set({ state: "error", message: errorMessage(e) }),
      );
    },
    [load],
  );
  useEffect(() => fetchFolder(""), [fetchFolder]);

  const toggle = (path: string) => {
    const next = new Set(expanded);
    if (next.has(path)) next.delete(path);
    else {
      next.add(path);
      const known = folders.get(path);
      if (!known || known.state === "error") fetchFolder(path);
    }
    setExpanded(next);
  };

  const renderFolder = (path: string) => {
    const folder = folders.get(path);
    if (!folder || folder.state === "loading") return <p className="muted small file-tree-note">Loading…</p>;
    if (folder.state === "error")
      return (
        <p className="inline-error small file-tree-note" role="alert">
          {folder.message}
        </p>
      );
    if (folder.entries.length === 0) return <p className="muted small file-tree-note">Empty folder</p>;
    const more = folder.more ?? 0;
    return (
      <>
        <ul className="file-tree">
          {folder.entries.map((entry) => (
            <li key={entry.path} className={entry.ignored ? "file-entry ignored" : "file-entry"}>
              {entry.type === "directory" ? (
                <>
                  <button
                    type="button"
                    className="linkish file-folder"
                    aria-expanded={expanded.has(entry.path)}
                    onClick={() => toggle(entry.path)}
                  >
                    {`${expanded.has(entry.path) ? "▾" : "▸"} ${entry.name}`}
                  </button>
                  {expanded.has(entry.path) && renderFolder(entry.path)}
                </>
              ) : (
                <button type="button" className="linkish file-name" onClick={() => props.onOpen(entry.path)}>
                  {entry.name}
                </button>
              )}
            </li>
          ))}
        </ul>
        {more > 0 && (
          <p className="muted small file-tree-note" role="status">
            {`${more.toLocaleString("en")} more ${more === 1 ? "entry" : "entries"} in this folder not shown: the first ${folder.entries.length.toLocaleString("en")} are listed, folders first, then by name. To find one of the others, type @ and its name in the message box.`}
          </p>
        )}
      </>
    );
  };
  return <div className="file-tree-root">{renderFolder("")}</div>;
}
