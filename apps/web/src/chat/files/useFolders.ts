// The Files tab's folders as read so far: each one's first page is asked for the first time it is
// opened (a project of 100,000 files costs one listing, not a walk), "Show more" appends the page
// after the last entry held, and a name filter reads the folder again keeping what matches. Only
// a folder's latest request counts: a filter typed fast never shows an older answer last. The open
// folders are read again when a reply ends or on Refresh (a file the agent made shows up), as many
// entries as each held, the old ones left in place until the new ones come so nothing jumps.
import { type FileTreeEntry, type FileTreeResponse, holdsFilter } from "@turnkey/contracts";
import { useCallback, useEffect, useRef, useState } from "react";
import { errorMessage } from "../../shared/api.ts";

/** A folder's page: the first, or the one `after` an earlier page's `next`; `filter` keeps names holding it. */
export type FolderLoad = (path: string, page?: { after?: string; filter?: string }) => Promise<FileTreeResponse>;

/** How long typing must pause before a filter is sent: one request per word, not per keystroke. */
export const filterPauseMs = 250;

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

/** The first pages of `path` until `held` entries (at least one page), as one listing. */
async function firstPages(load: FolderLoad, path: string, filter: string, held: number) {
  const asked = (after?: string) =>
    after === undefined && !filter
      ? load(path)
      : load(path, { ...(after ? { after } : {}), ...(filter ? { filter } : {}) });
  let listing = await asked();
  const entries = [...listing.entries];
  while (listing.next && (listing.more ?? 0) > 0 && entries.length < held) {
    listing = await asked(listing.next);
    entries.push(...listing.entries);
  }
  return { entries, more: listing.more ?? 0, next: listing.next };
}

/** Whether the entries held answer `filter` too: they are the whole answer to a filter it holds. */
function narrows(folder: Folder, filter: string): boolean {
  return folder.status === "ready" && folder.more === 0 && holdsFilter(filter, folder.filter);
}

export function useFolders(load: FolderLoad, pauseMs = filterPauseMs) {
  const [folders, setFolders] = useState<ReadonlyMap<string, Folder>>(new Map());
  const held = useRef(folders);
  held.current = folders;
  const latest = useRef(new Map<string, number>());
  const typing = useRef(new Map<string, ReturnType<typeof setTimeout>>());
  useEffect(() => {
    const timers = typing.current;
    return () => {
      for (const timer of timers.values()) clearTimeout(timer);
    };
  }, []);
  const update = useCallback((path: string, change: (old: Folder | undefined) => Folder) => {
    setFolders((all) => new Map(all).set(path, change(all.get(path))));
  }, []);
  /** A new request for `path`: earlier ones still on their way are dropped when they answer. */
  const ticket = useCallback((path: string) => {
    const n = (latest.current.get(path) ?? 0) + 1;
    latest.current.set(path, n);
    return () => latest.current.get(path) === n;
  }, []);

  /** Reads `path`'s first pages (`count` entries at least), keeping the names that hold `filter`. */
  const fetchFolder = useCallback(
    (path: string, filter: string, count: number) => {
      const current = ticket(path);
      firstPages(load, path, filter, count).then(
        (listing) =>
          current() &&
          update(path, (old) => ({
            status: "ready",
            ...listing,
            big: (old?.big ?? false) || listing.more > 0,
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

  /** Reads `path`'s first page (again), keeping the names that hold `filter`. */
  const read = useCallback(
    (path: string, filter = "") => {
      clearTimeout(typing.current.get(path));
      update(path, (old) => ({
        status: "loading",
        entries: old?.entries ?? [],
        more: old?.more ?? 0,
        big: old?.big ?? false,
        filter,
      }));
      fetchFolder(path, filter, 1);
    },
    [fetchFolder, update],
  );

  /**
   * A filter typed into `path`'s box: applied to the entries held when they are its whole answer
   * (a longer filter over a complete listing), else read once typing pauses, with the box's text
   * as it is then, so the last keystroke is never lost.
   */
  const filterBy = (path: string, typed: string) => {
    const filter = typed.trim();
    clearTimeout(typing.current.get(path));
    const folder = held.current.get(path);
    if (folder && narrows(folder, filter)) {
      ticket(path); // a re-read on its way answers the wider filter
      update(path, (old) => {
        const base = old ?? folder;
        return { ...base, entries: base.entries.filter((e) => holdsFilter(e.name, filter)), filter };
      });
      return;
    }
    typing.current.set(
      path,
      setTimeout(() => {
        typing.current.delete(path);
        read(path, filter);
      }, pauseMs),
    );
  };

  /**
   * Reads every folder `isOpen` says is open again, as many entries as each holds; one that is
   * not open is forgotten, so opening it later reads it afresh.
   */
  const refresh = useCallback(
    (isOpen: (path: string) => boolean) => {
      const gone: string[] = [];
      for (const [path, folder] of held.current) {
        if (!isOpen(path)) gone.push(path);
        else if (!typing.current.has(path)) fetchFolder(path, folder.filter, folder.entries.length);
      }
      if (gone.length === 0) return;
      for (const path of gone) ticket(path);
      setFolders((all) => {
        const kept = new Map(all);
        for (const path of gone) kept.delete(path);
        return kept;
      });
    },
    [fetchFolder, ticket],
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

  return { folders, read, filterBy, refresh, showMore };
}
