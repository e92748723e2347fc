// The Files tab's folders as read so far: each one's first page is asked for the first time it is
// opened (a project of 100,000 files costs one listing, not a walk), "Show more" appends the page
// after the last entry held, and a name filter reads the folder again keeping what matches. Only
// a folder's latest request counts: a filter typed fast never shows an older answer last.
import type { FileTreeEntry, FileTreeResponse } from "@turnkey/contracts";
import { useCallback, useRef, useState } from "react";
import { errorMessage } from "../../shared/api.ts";

/** A folder's page: the first, or the one `after` an earlier page's `next`; `filter` keeps names holding it. */
export type FolderLoad = (path: string, page?: { after?: string; filter?: string }) => Promise<FileTreeResponse>;

export interface Folder {
  status: "loading" | "ready" | "error";
  /** Every entry read so far, in the backend's order (kept while a new filter's answer is on its way). */
  entries: FileTreeEntry[];
  /** Entries past those held (of the filter's, with one). */
  more: number;
  /** The cursor of the page after those held. */
  next?: string;
  /** Did not fit one page (unfiltered or filtered): it keeps its name filter. */
  big: boolean;
  /** The filter these entries answer ("" for none). */
  filter: string;
  /** The folder's refusal or failure, in the backend's sentence. */
  message?: string;
  /** A "Show more" on its way, or the sentence it failed with. */
  paging?: "loading" | { error: string };
}

export function useFolders(load: FolderLoad) {
  const [folders, setFolders] = useState<ReadonlyMap<string, Folder>>(new Map());
  const latest = useRef(new Map<string, number>());
  const update = useCallback((path: string, change: (old: Folder | undefined) => Folder) => {
    setFolders((all) => new Map(all).set(path, change(all.get(path))));
  }, []);
  /** A new request for `path`: earlier ones still on their way are dropped when they answer. */
  const ticket = useCallback((path: string) => {
    const n = (latest.current.get(path) ?? 0) + 1;
    latest.current.set(path, n);
    return () => latest.current.get(path) === n;
  }, []);

  /** Reads `path`'s first page (again), keeping the names that hold `filter`. */
  const read = useCallback(
    (path: string, filter = "") => {
      const current = ticket(path);
      update(path, (old) => ({
        status: "loading",
        entries: old?.entries ?? [],
        more: old?.more ?? 0,
        big: old?.big ?? false,
        filter,
      }));
      (filter ? load(path, { filter }) : load(path)).then(
        (listing) =>
          current() &&
          update(path, (old) => ({
            status: "ready",
            entries: listing.entries,
            more: listing.more ?? 0,
            next: listing.next,
            big: (old?.big ?? false) || (listing.more ?? 0) > 0,
            filter,
          })),
        (e) =>
          current() &&
          update(path, (old) => ({
            status: "error",
            entries: [],
            more: 0,
            big: old?.big ?? false,
            filter,
            message: errorMessage(e),
          })),
      );
    },
    [load, update, ticket],
  );

  /** Appends the page after the entries held. */
  const showMore = (path: string) => {
    const folder = folders.get(path);
    if (!folder?.next || folder.status !== "ready" || folder.paging === "loading") return;
    const current = ticket(path);
    update(path, (old) => ({ ...(old ?? folder), paging: "loading" }));
    load(path, { after: folder.next, ...(folder.filter ? { filter: folder.filter } : {}) }).then(
      (listing) =>
        current() &&
        update(path, (old) => ({
          ...(old ?? folder),
          entries: [...(old ?? folder).entries, ...listing.entries],
          more: listing.more ?? 0,
          next: listing.next,
          paging: undefined,
        })),
      (e) => current() && update(path, (old) => ({ ...(old ?? folder), paging: { error: errorMessage(e) } })),
    );
  };

  return { folders, read, showMore };
}
