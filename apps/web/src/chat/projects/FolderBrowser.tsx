// "Open folder…" in a plain browser, which has no native folder dialog: the backend lists the
// sub-folders of a folder (from the home folder and the drives), the user walks to a project and
// opens it, or types its full path. Only folder names are ever shown; a folder of more than 2,000
// sub-folders is listed a page at a time ("Show more").

import type { FoldersResponse } from "@turnkey/contracts";
import { useEffect, useRef, useState } from "react";
import { api, errorMessage } from "../../shared/api.ts";
import { InlineProblem } from "../../shared/InlineProblem.tsx";
import { FolderIcon } from "./icons.tsx";

export function FolderBrowser(props: { onOpen: (path: string) => Promise<unknown>; onClose: () => void }) {
  const [listing, setListing] = useState<FoldersResponse | null>(null);
  const [typed, setTyped] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const [opening, setOpening] = useState(false);
  const [paging, setPaging] = useState(false);
  const panel = useRef<HTMLDivElement>(null);

  const go = (path?: string) => {
    setProblem(null);
    api.folders(path).then(
      (next) => {
        setListing(next);
        setTyped(next.path);
      },
      (e) => setProblem(errorMessage(e)),
    );
  };
  /** Appends the page of sub-folders after those listed (a folder of more than 2,000). */
  const showMore = () => {
    if (!listing?.next || paging) return;
    setPaging(true);
    api.folders(listing.path, listing.next).then(
      (page) => {
        setPaging(false);
        setListing((old) =>
          old && old.path === page.path ? { ...page, folders: [...old.folders, ...page.folders] } : old,
        );
      },
      (e) => {
        setPaging(false);
        setProblem(errorMessage(e));
      },
    );
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: load the home folder once, on open
  useEffect(() => go(), []);
  useEffect(() => panel.current?.focus(), []);

  const open = async (path: string) => {
    setOpening(true);
    setProblem(null);
    try {
      await props.onOpen(path);
      props.onClose();
    } catch (error) {
      setProblem(errorMessage(error));
    } finally {
      setOpening(false);
    }
  };

  return (
    <div
      className="overlay"
      role="dialog"
      aria-modal="true"
      aria-labelledby="folder-browser-title"
      onKeyDown={(e) => {
        if (e.key === "Escape") props.onClose();
      }}
    >
      <div className="panel overlay-panel folder-browser" ref={panel} tabIndex={-1}>
        <h2 id="folder-browser-title">Open a project folder</h2>
        <nav aria-label="Places" className="folder-roots">
          {listing?.roots.map((root) => (
            <button key={root.path} type="button" className="secondary small" onClick={() => go(root.path)}>
              {root.name}
            </button>
          ))}
        </nav>
        <form
          className="folder-path"
          onSubmit={(e) => {
            e.preventDefault();
            go(typed);
          }}
        >
          <label htmlFor="folder-path-input">Folder</label>
          <input
            id="folder-path-input"
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
            spellCheck={false}
            autoComplete="off"
          />
          <button type="submit" className="secondary small">
            Go
          </button>
        </form>
        <InlineProblem text={problem} />
        {listing?.note && (
          <p className="muted" role="status">
            {listing.note}
          </p>
        )}
        <ul className="folder-list" aria-label="Sub-folders">
          {listing?.parent && (
            <li>
              <button type="button" className="linkish" onClick={() => go(listing.parent ?? undefined)}>
                ↑ Up
              </button>
            </li>
          )}
          {listing?.folders.map((folder) => (
            <li key={folder.path}>
              <button type="button" className="linkish" onClick={() => go(folder.path)}>
                <FolderIcon /> {folder.name}
              </button>
            </li>
          ))}
          {listing && listing.folders.length === 0 && !listing.more && <li className="muted">No sub-folders here.</li>}
        </ul>
        {listing?.more ? (
          <p className="muted small" role="status">
            {`${listing.more.toLocaleString("en")} more ${listing.more === 1 ? "entry" : "entries"} not looked at yet (folders and links, by name). `}
            <button type="button" className="linkish small" disabled={paging} aria-busy={paging} onClick={showMore}>
              Show more
            </button>
          </p>
        ) : null}
        <div className="actions">
          <button
            type="button"
            className="primary"
            disabled={!listing || opening}
            onClick={() => listing && void open(listing.path)}
          >
            {opening ? "Opening…" : `Open ${listing ? `“${baseName(listing.path)}”` : "this folder"}`}
          </button>
          <button type="button" className="secondary" onClick={props.onClose}>
            Cancel
          </button>
        </div>
      </div>
    </div>
  );
}

function baseName(path: string): string {
  return path.split(/[\\/]/).filter(Boolean).at(-1) ?? path;
}
