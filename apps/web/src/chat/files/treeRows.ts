// The Files tab's tree as one flat list of rows (an entry, a folder's filter, a note, its "Show
// more"), each with its depth, so the tree can be drawn as a virtual list: only the rows in view are
// in the page, however many a folder holds. Pure: the rows of a set of folders and open ones.
import type { FileTreeEntry } from "@turnkey/contracts";
import type { Folder } from "./useFolders.ts";

export type TreeRow =
  | { kind: "entry"; key: string; depth: number; entry: FileTreeEntry }
  /** A folder whose entries did not all fit one page gets a name filter. */
  | { kind: "filter"; key: string; depth: number; folder: string }
  | { kind: "note"; key: string; depth: number; text: string; alert?: boolean }
  | { kind: "more"; key: string; depth: number; folder: string; more: number; loading: boolean; error?: string };

const amount = (n: number, one: string, many: string) => `${n.toLocaleString("en")} ${n === 1 ? one : many}`;

/** The rows of `path` and of every open folder under it, in the order they are drawn. */
export function treeRows(
  folders: ReadonlyMap<string, Folder>,
  expanded: ReadonlySet<string>,
  path = "",
  depth = 0,
): TreeRow[] {
  const folder = folders.get(path);
  const rows: TreeRow[] = [];
  const note = (text: string, alert?: boolean) =>
    rows.push({ kind: "note", key: `note:${path}`, depth, text, ...(alert ? { alert } : {}) });
  if (!folder) {
    note("Loading…");
    return rows;
  }
  if (folder.big || folder.filter !== "") rows.push({ kind: "filter", key: `filter:${path}`, depth, folder: path });
  if (folder.status === "error") note(folder.message ?? "This folder could not be read.", true);
  else if (folder.entries.length === 0)
    note(
      folder.status === "loading"
        ? "Loading…"
        : folder.filter
          ? `No name in this folder holds “${folder.filter}”.`
          : "Empty folder",
    );
  for (const entry of folder.entries) {
    rows.push({ kind: "entry", key: entry.path, depth, entry });
    if (entry.type === "directory" && expanded.has(entry.path))
      rows.push(...treeRows(folders, expanded, entry.path, depth + 1));
  }
  if (folder.more > 0 && folder.status !== "error")
    rows.push({
      kind: "more",
      key: `more:${path}`,
      depth,
      folder: path,
      more: folder.more,
      loading: folder.paging === "loading",
      ...(typeof folder.paging === "object" ? { error: folder.paging.error } : {}),
    });
  return rows;
}

/** What a folder's "more" row says: how many are not listed yet, of all or of those the filter keeps. */
export function moreText(more: number, shown: number, filtered: boolean): string {
  return `${amount(more, "more entry", "more entries")} ${filtered ? "with that name" : "in this folder"} not listed yet (${shown.toLocaleString("en")} shown, folders first, then by name).`;
}
