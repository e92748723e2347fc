// "Find a file" at the top of the Files tab: a name typed here goes to OpenCode's file search (the
// one the message box's @ uses: fuzzy, git-ignored files left out, the backend's data folder too)
// and what it finds is listed, each opening in the viewer. Without it a file deep in a big project
// took a click per folder. Enter opens the first file found, Escape clears the box.
import { useEffect, useRef, useState } from "react";
import { errorMessage } from "../../shared/api.ts";

/** How long typing pauses before the name is sent (each key would otherwise be a search). */
export const findPauseMs = 200;
/** The most files one search lists; more means the name should be typed further. */
export const foundMax = 50;

type Found = { query: string; files: string[] } | { query: string; error: string };

export function FileFinder(props: {
  /** The files whose names match, `foundMax` at most. */
  find: (query: string, limit: number) => Promise<string[]>;
  onOpen: (path: string) => void;
  pauseMs?: number;
}) {
  const [query, setQuery] = useState("");
  const [found, setFound] = useState<Found | null>(null);
  // The source may be a new object on every render of the panel: the search follows the text only.
  const find = useRef(props.find);
  find.current = props.find;
  const wanted = query.trim();
  useEffect(() => {
    if (wanted === "") return;
    let live = true;
    const timer = setTimeout(() => {
      find.current(wanted, foundMax).then(
        (files) => live && setFound({ query: wanted, files }),
        (error: unknown) => live && setFound({ query: wanted, error: errorMessage(error) }),
      );
    }, props.pauseMs ?? findPauseMs);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [wanted, props.pauseMs]);

  const current = found !== null && found.query === wanted ? found : null;
  const files = current && "files" in current ? current.files : [];
  return (
    <div className="file-finder">
      <input
        type="search"
        className="file-tree-filter"
        aria-label="Find a file by name"
        placeholder="Find a file by name"
        value={query}
        onChange={(event) => setQuery(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === "Escape" && query !== "") {
            event.preventDefault();
            setQuery("");
          } else if (event.key === "Enter" && files[0] !== undefined) {
            event.preventDefault();
            props.onOpen(files[0]);
          }
        }}
      />
      {wanted !== "" &&
        (current === null ? (
          <p className="muted small" role="status">
            Searching…
          </p>
        ) : "error" in current ? (
          <p className="inline-error small" role="alert">
            {`The project's files could not be searched: ${current.error}`}
          </p>
        ) : files.length === 0 ? (
          <p className="muted small" role="status">
            {`No file's name matches “${wanted}” (git-ignored files are not searched).`}
          </p>
        ) : (
          <>
            <ul className="file-finder-results" aria-label="Files found">
              {files.map((path) => (
                <li key={path} className="file-entry">
                  <button type="button" className="linkish file-name" onClick={() => props.onOpen(path)}>
                    {path}
                  </button>
                </li>
              ))}
            </ul>
            {files.length >= foundMax && (
              <p className="muted small" role="status">
                {`The first ${foundMax} files found: type more of the name to narrow them.`}
              </p>
            )}
          </>
        ))}
    </div>
  );
}
