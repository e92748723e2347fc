// "Find a file" at the top of the Files tab: a name typed here goes to OpenCode's file search (the
// one the message box's @ uses: fuzzy, git-ignored files left out, the backend's data folder too)
// and what it finds is listed, each opening in the viewer. Without it a file deep in a big project
// took a click per folder. Enter opens the first file found, Escape clears the box.
import { type Ref, useState } from "react";
import { type Searched, staleText, usePausedSearch } from "./usePausedSearch.ts";

/** How long typing pauses before the name is sent (each key would otherwise be a search). */
export const findPauseMs = 200;
/** The most files one search lists; more means the name should be typed further. */
export const foundMax = 50;

type Found = Searched<string[]>;

export function FileFinder(props: {
  /** The files whose names match, `foundMax` at most. */
  find: (query: string, limit: number, signal?: AbortSignal) => Promise<string[]>;
  onOpen: (path: string) => void;
  /** Changes when the project's files may have (a reply ended): the name is searched again. */
  refreshKey?: string | number;
  /** The box, for Ctrl+P to focus. */
  inputRef?: Ref<HTMLInputElement>;
  pauseMs?: number;
}) {
  const [query, setQuery] = useState("");
  const wanted = query.trim();
  const current = usePausedSearch(
    wanted === "" ? null : wanted,
    (signal) => props.find(wanted, foundMax, signal),
    props.pauseMs ?? findPauseMs,
    props.refreshKey,
  );
  const files = current && "value" in current ? current.value : [];
  return (
    <div className="file-finder">
      <input
        ref={props.inputRef}
        type="search"
        className="file-tree-filter"
        aria-label="Find a file by name"
        placeholder="Find a file by name"
        value={query}
        maxLength={500}
        onChange={(event) => setQuery(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === "Escape" && !event.shiftKey && query !== "") {
            event.preventDefault();
            setQuery("");
          } else if (event.key === "Enter" && files[0] !== undefined) {
            event.preventDefault();
            props.onOpen(files[0]);
          }
        }}
      />
      {/* One live region whose words change, so a screen reader hears each outcome (review 14, round 2). */}
      <p className={current && "error" in current ? "inline-error small" : "muted small"} role="status">
        {statusText(wanted, current, files)}
      </p>
      {files.length > 0 && (
        <ul className="file-finder-results" aria-label="Files found">
          {files.map((path) => (
            <li key={path} className="file-entry">
              <button type="button" className="linkish file-name" onClick={() => props.onOpen(path)}>
                {path}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** What the finder says under its box: nothing before a name is typed. */
function statusText(wanted: string, current: Found | null, files: string[]): string {
  if (wanted === "") return "";
  if (current === null) return "Searching…";
  if ("error" in current) return `The project's files could not be searched: ${current.error}`;
  if (files.length === 0) return `No file's name matches “${wanted}” (git-ignored files are not searched).`;
  const count =
    files.length >= foundMax
      ? `The first ${foundMax} files found: type more of the name to narrow them.`
      : `${files.length} ${files.length === 1 ? "file" : "files"} found.`;
  return `${count} Enter opens ${files[0]}.${staleText(current)}`;
}
