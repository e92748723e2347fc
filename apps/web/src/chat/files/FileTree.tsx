// The project's folders, read one level at a time and drawn as a virtual list (treeRows.ts): a
// folder of 5,000 entries puts the few rows in view in the page, not 5,000. Every entry can be
// reached: the backend sends a folder a page at a time and "Show more" appends the next, and a
// folder that does not fit one page gets a name filter (the backend keeps the names that hold it,
// asked once typing pauses). Open folders are read again when a reply ends and on Refresh.
import { maxFolderEntries } from "@turnkey/contracts";
import { useEffect, useRef, useState } from "react";
import { moreText, type TreeRow, treeRows } from "./treeRows.ts";
import { type FolderLoad, useFolders } from "./useFolders.ts";
import { VirtualRows } from "./VirtualRows.tsx";

export function FileTree(props: {
  load: FolderLoad;
  onOpen: (path: string) => void;
  /** Changes when a reply ends or Refresh is pressed: the open folders are read again. */
  refreshKey?: string | number;
  /** How long typing in a name filter pauses before it is sent (filterPauseMs). */
  filterPauseMs?: number;
}) {
  const { folders, read, filterBy, refresh, showMore } = useFolders(props.load, props.filterPauseMs);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const [filters, setFilters] = useState<ReadonlyMap<string, string>>(new Map());
  useEffect(() => read(""), [read]);
  const open = useRef(expanded);
  open.current = expanded;
  const refreshedFor = useRef(props.refreshKey);
  useEffect(() => {
    if (refreshedFor.current === props.refreshKey) return;
    refreshedFor.current = props.refreshKey;
    refresh((path) => path === "" || open.current.has(path));
  }, [props.refreshKey, refresh]);

  const toggle = (path: string) => {
    const next = new Set(expanded);
    if (next.has(path)) next.delete(path);
    else {
      next.add(path);
      const known = folders.get(path);
      if (!known || known.status === "error") read(path, filters.get(path) ?? "");
    }
    setExpanded(next);
  };
  const filter = (path: string, text: string) => {
    setFilters((all) => new Map(all).set(path, text));
    filterBy(path, text);
  };

  const rows = treeRows(folders, expanded);
  /** How many entries a folder (or those its filter keeps) holds in all. */
  const total = (path: string) => {
    const folder = folders.get(path);
    return folder ? folder.entries.length + folder.more : 0;
  };
  const cell = (row: TreeRow) => {
    switch (row.kind) {
      case "entry": {
        const { entry } = row;
        if (entry.type === "file")
          return (
            <button type="button" className="linkish file-name" onClick={() => props.onOpen(entry.path)}>
              {entry.name}
            </button>
          );
        const open = expanded.has(entry.path);
        return (
          <button type="button" className="linkish file-folder" aria-expanded={open} onClick={() => toggle(entry.path)}>
            {`${open ? "▾" : "▸"} ${entry.name}`}
          </button>
        );
      }
      case "filter":
        return (
          <input
            type="search"
            className="file-tree-filter"
            placeholder={`Filter ${total(row.folder).toLocaleString("en")} entries by name`}
            aria-label={`Filter ${row.folder || "the project folder"} by name`}
            value={filters.get(row.folder) ?? ""}
            onChange={(event) => filter(row.folder, event.target.value)}
          />
        );
      case "note":
        return row.alert ? (
          <span className="inline-error small" role="alert">
            {row.text}
          </span>
        ) : (
          <span className="muted small">{row.text}</span>
        );
      case "more": {
        const filtered = (folders.get(row.folder)?.filter ?? "") !== "";
        const shown = folders.get(row.folder)?.entries.length ?? 0;
        return (
          <>
            <span className="muted small" role="status">
              {moreText(row.more, shown, filtered)}
            </span>{" "}
            <button
              type="button"
              className="linkish small"
              disabled={row.loading}
              aria-busy={row.loading}
              onClick={() => showMore(row.folder)}
            >
              {`Show ${Math.min(maxFolderEntries, row.more).toLocaleString("en")} more`}
            </button>
            {row.error && (
              <span className="inline-error small" role="alert">
                {` ${row.error}`}
              </span>
            )}
          </>
        );
      }
    }
  };

  return (
    <VirtualRows
      rows={rows}
      rowKey={(row) => row.key}
      row={cell}
      className="file-tree-root"
      listClassName="file-tree"
      rowClassName={(row) =>
        row.kind === "entry" ? `file-entry${row.entry.ignored ? " ignored" : ""}` : "file-tree-note"
      }
      rowStyle={(row) => ({ paddingLeft: `${row.depth * 0.9}rem` })}
    />
  );
}
