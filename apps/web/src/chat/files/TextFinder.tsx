// "Find text in the files" at the top of the Files tab: the lines of the project's files holding what
// was typed (the backend runs ripgrep: git-ignored files and `.git` left out), grouped by file, each
// opening the file at its line. Match case and Regular expression as editors have them; a search
// that found too much or ran out of time says so, and one ripgrep could not read says why.
import type { TextMatch, TextSearchQuery, TextSearchResponse } from "@turnkey/contracts";
import { maxTextMatches, textSearchDeadlineMs } from "@turnkey/contracts";
import type { ReactNode, Ref } from "react";
import { useState } from "react";
import { type Searched, staleText, usePausedSearch } from "./usePausedSearch.ts";

/** How long typing pauses before the text is searched. */
export const textSearchPauseMs = 300;

type Found = Searched<TextSearchResponse>;

export function TextFinder(props: {
  search: (query: TextSearchQuery, signal?: AbortSignal) => Promise<TextSearchResponse>;
  onOpen: (path: string, line: number) => void;
  /** Changes when the project's files may have (a reply ended): the text is searched again. */
  refreshKey?: string | number;
  /** The box, for Ctrl+Shift+F to focus. */
  inputRef?: Ref<HTMLInputElement>;
  pauseMs?: number;
}) {
  const [text, setText] = useState("");
  const [matchCase, setMatchCase] = useState(false);
  const [regex, setRegex] = useState(false);
  // This box's name to the backend, whose newer search ends only this box's older one (not another
  // window's on the same chat). Not a secret: any distinct text does.
  const [asker] = useState(() => Math.random().toString(36).slice(2, 12));
  const query: TextSearchQuery | null =
    text.trim() === "" ? null : { q: text, case: matchCase ? "true" : "false", regex: regex ? "true" : "false" };
  const current = usePausedSearch(
    query === null ? null : JSON.stringify(query),
    (signal) => props.search({ ...(query as TextSearchQuery), asker }, signal),
    props.pauseMs ?? textSearchPauseMs,
    props.refreshKey,
  );
  const matches = current && "value" in current ? current.value.matches : [];
  return (
    <div className="text-finder">
      <input
        ref={props.inputRef}
        type="search"
        className="file-tree-filter"
        aria-label="Find text in the files"
        placeholder="Find text in the files"
        value={text}
        maxLength={500}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === "Escape" && !event.shiftKey && text !== "") {
            event.preventDefault();
            setText("");
          }
        }}
      />
      <div className="text-finder-options">
        <label>
          <input type="checkbox" checked={matchCase} onChange={(e) => setMatchCase(e.target.checked)} /> Match case
        </label>
        <label>
          <input type="checkbox" checked={regex} onChange={(e) => setRegex(e.target.checked)} /> Regular expression
        </label>
      </div>
      <p className={current && "error" in current ? "inline-error small" : "muted small"} role="status">
        {statusText(query, current)}
      </p>
      {matches.length > 0 && (
        <ul className="text-finder-results" aria-label="Lines found">
          {byFile(matches).map(([path, lines]) => (
            <li key={path}>
              <div className="text-finder-file" title={path}>
                {path} <span className="muted small">({lines.length})</span>
              </div>
              <ul>
                {lines.map((match) => (
                  <li key={match.line}>
                    <button
                      type="button"
                      className="linkish text-finder-line"
                      aria-label={`${path} line ${match.line}: ${match.text}`}
                      onClick={() => props.onOpen(path, match.line)}
                    >
                      <span className="muted">{match.line}</span> {marked(match)}
                    </button>
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** The matches by file, in ripgrep's order. */
function byFile(matches: TextMatch[]): [string, TextMatch[]][] {
  const files = new Map<string, TextMatch[]>();
  for (const match of matches) files.set(match.path, [...(files.get(match.path) ?? []), match]);
  return [...files];
}

/** The line with each match in a <mark>. */
function marked(match: TextMatch): ReactNode[] {
  const parts: ReactNode[] = [];
  let at = 0;
  for (const [start, end] of match.ranges) {
    if (start < at) continue;
    if (start > at) parts.push(match.text.slice(at, start));
    parts.push(<mark key={start}>{match.text.slice(start, end)}</mark>);
    at = end;
  }
  parts.push(match.text.slice(at));
  return parts;
}

/** What the search says under its box: nothing before text is typed. */
function statusText(query: TextSearchQuery | null, current: Found | null): string {
  if (query === null) return "";
  if (current === null) return "Searching…";
  if ("error" in current) return `The files could not be searched: ${current.error}`;
  const { matches, cut, unreadable } = current.value;
  const files = new Set(matches.map((m) => m.path)).size;
  const counted =
    matches.length > 0
      ? `${matches.length} ${matches.length === 1 ? "line" : "lines"} in ${files} ${files === 1 ? "file" : "files"}.`
      : cut === null
        ? `No line holds “${query.q}” (git-ignored files are not searched).`
        : "No line to show.";
  const cutTexts: Record<NonNullable<typeof cut>, string> = {
    matches: ` The first ${maxTextMatches} lines found: search for something longer to see the rest.`,
    time: ` The search stopped after ${textSearchDeadlineMs / 1000} s: these are the lines found by then.`,
    size: " The lines holding it are too long to send them all (minified or generated files?): these are the first ones. Search for something rarer to see others.",
  };
  const cutText = cut === null ? "" : cutTexts[cut];
  const unreadableText = unreadable ? ` Some files could not be read: ${unreadable}` : "";
  return `${counted}${cutText}${unreadableText}${staleText(current)}`;
}
