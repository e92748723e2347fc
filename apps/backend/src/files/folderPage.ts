// One page of a folder's listing for the Files tab: every entry of a folder can be reached, a page
// at a time (a build folder of 50,000 files sent whole was 4.3 MB), and a name filter finds one
// without paging. The page after another starts past a cursor naming the last entry sent, not at an
// offset: an entry added or removed between two pages neither repeats one nor skips one.
import { type FileTreeEntry, holdsFilter } from "@turnkey/contracts";

type Sortable = Pick<FileTreeEntry, "name" | "type">;

// One collator for every comparison: String#localeCompare sorting 50,000 names costs far more.
// Made at the first comparison, not when the module loads: a collator loads ICU's collation
// data, ~2.7 MB of the `node` binary's pages, into every backend (README "…eighth round").
let byName: Intl.Collator | undefined;

/** Folders first, then by name as a person reads it; names equal that way by their code units. */
export function compareEntries(a: Sortable, b: Sortable): number {
  if (a.type !== b.type) return a.type === "directory" ? -1 : 1;
  byName ??= new Intl.Collator(undefined);
  return byName.compare(a.name, b.name) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}

/** The cursor after `entry`: its kind and its name, opaque to the client. */
export function cursorOf(entry: Sortable): string {
  return `${entry.type === "directory" ? "d" : "f"}:${entry.name}`;
}

function parseCursor(cursor: string): Sortable | null {
  const match = /^([df]):(.*)$/s.exec(cursor);
  return match ? { type: match[1] === "d" ? "directory" : "file", name: match[2] ?? "" } : null;
}

export interface FolderPage<T extends Sortable> {
  entries: T[];
  /** Entries past this page (absent: none). */
  more?: number;
  /** The cursor for the next page (present with `more`). */
  next?: string;
}

/**
 * `size` entries in order, those after `after` (a cursor from an earlier page) whose name holds
 * `filter` (ignoring case), the rest counted. An unreadable cursor starts from the top.
 */
export function folderPage<T extends Sortable>(
  all: readonly T[],
  options: { size: number; after?: string; filter?: string },
): FolderPage<T> {
  const from = options.after ? parseCursor(options.after) : null;
  const matching = all
    .filter((e) => holdsFilter(e.name, options.filter ?? "") && (!from || compareEntries(e, from) > 0))
    .sort(compareEntries);
  const entries = matching.slice(0, options.size);
  const more = matching.length - entries.length;
  const last = entries.at(-1);
  return more > 0 && last ? { entries, more, next: cursorOf(last) } : { entries };
}
