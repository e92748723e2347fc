// The project's uncommitted changes (git's working tree against the last commit), whoever made
// them: the agent, the user's editor, a script. Read again when a reply ends and on request; each
// file opens its diff in the chat's diff viewer. A page of files at a time: "Show more" appends the
// page after the last file held, so every changed file can be reached however many there are (a
// build folder can hold 50,000 new files), and the rest are counted, never sent. The list is a
// virtual one (only the rows in view are in the page) with a path filter the backend applies. A
// file's Discard asks in its row first, then says what it did with an Undo beside it.
import {
  type FileChange,
  type GitDiffResponse,
  type GitDiscardResponse,
  type GitStatusResponse,
  type GitUndoDiscardResponse,
  maxDiscardsKept,
} from "@turnkey/contracts";
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from "react";
import { errorMessage } from "../../shared/api.ts";
import { changeKey, GitChangedFile, useChangePatches } from "./GitChangedFile.tsx";
import { filterPauseMs } from "./useFolders.ts";
import { VirtualRows } from "./VirtualRows.tsx";

/** How many changed files are asked for at first, and how many more each "Show more" adds. */
export const gitStatusPage = 200;
/** A list longer than this gets its path filter. */
const filterFrom = 20;

/** A discard that can still be undone: what it said, and the name of what the backend kept. */
export interface Undoable {
  text: string;
  undo: string;
}

/** A changed file put back as the last commit has it, and that undone (git/discard.ts in the backend). */
export interface DiscardSource {
  discard: (path: string) => Promise<GitDiscardResponse>;
  undo: (undo: string) => Promise<GitUndoDiscardResponse>;
  /** The discards still undoable, newest first, held by the source so they outlive the tab (source.ts). */
  undoable: Undoable[];
}

/** `limit` changed files at most, those after the path `after`, whose path holds `filter`. */
export type ChangesLoad = (limit: number, after?: string, filter?: string) => Promise<GitStatusResponse>;
type Listed = Pick<GitStatusResponse, "files"> & { more: number };

type Shown =
  | { state: "loading" }
  | { state: "error"; message: string }
  | (Listed & { state: "ready"; filter: string; paging?: "loading" | { error: string } });

/** Up to `wanted` changed files from the first, a page after another (the backend caps each answer). */
async function readUpTo(load: ChangesLoad, wanted: number, filter: string): Promise<Listed> {
  const files: GitStatusResponse["files"] = [];
  let more = 0;
  do {
    const after = files.at(-1)?.path;
    const answer = await (filter ? load(wanted - files.length, after, filter) : load(wanted - files.length, after));
    files.push(...answer.files);
    more = answer.more ?? 0;
    if (answer.files.length === 0) break;
  } while (more > 0 && files.length < wanted);
  return { files, more };
}

const plural = (n: number, one: string, many: string) => `${n.toLocaleString("en")} ${n === 1 ? one : many}`;

export function GitStatus(props: {
  load: ChangesLoad;
  diff: (path: string) => Promise<GitDiffResponse>;
  refreshKey: string | number;
  /** Files asked for at first and added by each "Show more" (gitStatusPage). */
  page?: number;
  /** Refresh was pressed: the tab reads everything again, this list by its refreshKey (else it reads itself). */
  onRefresh?: () => void;
  /** How long typing in the filter pauses before it is sent (filterPauseMs). */
  filterPauseMs?: number;
  /** Discard a file's changes, with Undo (absent: the list only shows). */
  discard?: DiscardSource;
  /** A discard or its undo changed the working tree: the whole tab reads again (else this list does). */
  onChanged?: () => void;
}) {
  const { load, refreshKey } = props;
  const page = props.page ?? gitStatusPage;
  // As many files as the reader has asked to see: a refresh reads that many again.
  const wanted = useRef(page);
  const [shown, setShown] = useState<Shown>({ state: "loading" });
  const [asked, setAsked] = useState(0);
  const refresh = useCallback(() => setAsked((n) => n + 1), []);
  // The filter as typed, and as sent once typing paused.
  const [typed, setTyped] = useState("");
  const [filter, setFilter] = useState("");
  // Every changed file, counted by the last read without a filter.
  const [total, setTotal] = useState<number | null>(null);
  const { opened, toggle } = useChangePatches(props.diff);
  // The row asking "Discard?", whether a discard or undo is on its way, what the last one said, and
  // every discard still undoable (a refused action or a later discard leaves them offered).
  const [asking, setAsking] = useState<string | null>(null);
  const [discarding, setDiscarding] = useState(false);
  const [notice, setNotice] = useState<{ text: string; error: boolean } | null>(null);
  const [undoable, setUndoableState] = useState<Undoable[]>(() => props.discard?.undoable ?? []);
  // Where the keyboard goes once a discard or an Undo has answered: the row it came from is gone.
  // In the commit that draws the answer (a layout effect), so no key pressed meanwhile goes elsewhere.
  const newestUndo = useRef<HTMLButtonElement>(null);
  const noticeLine = useRef<HTMLParagraphElement>(null);
  const [focusAfter, setFocusAfter] = useState<"undo" | "notice" | null>(null);
  useLayoutEffect(() => {
    if (focusAfter === null) return;
    (focusAfter === "undo" ? newestUndo.current : noticeLine.current)?.focus();
    setFocusAfter(null);
  }, [focusAfter]);
  const setUndoable = (next: Undoable[]) => {
    const kept = next.slice(0, maxDiscardsKept);
    if (props.discard) props.discard.undoable.splice(0, Infinity, ...kept);
    setUndoableState(kept);
  };
  // Counts reads, so a page that answers after a refresh started is dropped.
  const generation = useRef(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: refreshKey and asked are the reasons to read again
  useEffect(() => {
    const current = ++generation.current;
    readUpTo(load, wanted.current, filter).then(
      (listed) => {
        if (current !== generation.current) return;
        setShown({ state: "ready", filter, ...listed });
        if (filter === "") setTotal(listed.files.length + listed.more);
      },
      (e) => current === generation.current && setShown({ state: "error", message: errorMessage(e) }),
    );
  }, [load, refreshKey, asked, filter]);
  useEffect(() => () => void ++generation.current, []);
  useEffect(() => {
    const next = typed.trim();
    if (next === filter) return;
    const timer = setTimeout(() => {
      wanted.current = page;
      setFilter(next);
    }, props.filterPauseMs ?? filterPauseMs);
    return () => clearTimeout(timer);
  }, [typed, filter, page, props.filterPauseMs]);

  const showMore = () => {
    if (shown.state !== "ready" || shown.paging === "loading") return;
    const current = generation.current;
    setShown({ ...shown, paging: "loading" });
    const after = shown.files.at(-1)?.path;
    (shown.filter ? load(page, after, shown.filter) : load(page, after)).then(
      (answer) => {
        if (current !== generation.current) return;
        const files = [...shown.files, ...answer.files];
        wanted.current = files.length;
        setShown({ state: "ready", filter: shown.filter, files, more: answer.more ?? 0 });
      },
      (e) => current === generation.current && setShown({ ...shown, paging: { error: errorMessage(e) } }),
    );
  };

  const changed = props.onChanged ?? refresh;
  const discardSource = props.discard;
  /** A discard or its undo: its sentence, or the backend's refusal; the list is read again either way. */
  const runDiscard = async (work: () => Promise<string | null>) => {
    setDiscarding(true);
    setNotice(null);
    try {
      const said = await work();
      if (said !== null) setNotice({ text: said, error: false });
      setFocusAfter(said === null ? "undo" : "notice");
    } catch (e) {
      setNotice({ text: errorMessage(e), error: true });
      setFocusAfter("notice");
    } finally {
      setAsking(null);
      setDiscarding(false);
      changed();
    }
  };
  const discardFile = (path: string) =>
    discardSource &&
    runDiscard(async () => {
      const answer = await discardSource.discard(path);
      setUndoable([{ text: answer.done, undo: answer.undo }, ...undoable]);
      return null; // said in the list of what can be undone
    });
  const undoDiscard = (item: Undoable) =>
    discardSource &&
    runDiscard(async () => {
      const drop = () => setUndoable(undoable.filter((u) => u.undo !== item.undo));
      try {
        const answer = await discardSource.undo(item.undo);
        drop();
        return answer.done;
      } catch (e) {
        // The backend no longer keeps it (a restart, 20 later discards): its Undo cannot work again.
        if ((e as { code?: string }).code === "undo_gone") drop();
        throw e;
      }
    });
  // The question is about the file as it was asked: once the list shows other line counts for it
  // (the agent wrote it again), the question is gone rather than answered for another version.
  const rowDiscard = (file: FileChange) =>
    discardSource && {
      asking: asking === changeKey(file),
      busy: discarding,
      onAsk: () => setAsking(changeKey(file)),
      onConfirm: () => discardFile(file.path),
      onCancel: () => setAsking(null),
    };

  const ready = shown.state === "ready" ? shown : null;
  const more = ready?.more ?? 0;
  const matching = ready ? ready.files.length + more : null;
  const filtered = ready !== null && ready.filter !== "";
  return (
    <section className="git-status" aria-label="Uncommitted changes">
      <h3>
        {total === null ? "Uncommitted changes" : `Uncommitted changes (${total})`}{" "}
        <button type="button" className="linkish small" onClick={props.onRefresh ?? refresh}>
          Refresh
        </button>
      </h3>
      {((total ?? 0) > filterFrom || typed !== "") && (
        <input
          type="search"
          className="file-tree-filter"
          placeholder={`Filter ${(total ?? 0).toLocaleString("en")} changed files by path`}
          aria-label="Filter the changed files by path"
          value={typed}
          onChange={(e) => setTyped(e.target.value)}
        />
      )}
      {notice && (
        <p
          ref={noticeLine}
          tabIndex={-1}
          className={notice.error ? "inline-error small" : "small"}
          role={notice.error ? "alert" : "status"}
        >
          {notice.text}
        </p>
      )}
      {undoable.length > 0 && (
        <ul className="discard-undos" aria-label="Discarded, can be undone">
          {undoable.map((item, i) => (
            <li key={item.undo} className="small">
              {item.text}{" "}
              <button
                ref={i === 0 ? newestUndo : undefined}
                type="button"
                className="small"
                aria-label={`Undo: ${item.text}`}
                disabled={discarding}
                onClick={() => undoDiscard(item)}
              >
                Undo
              </button>
            </li>
          ))}
        </ul>
      )}
      {shown.state === "loading" && <p className="muted small">Reading git status…</p>}
      {shown.state === "error" && (
        <p className="inline-error small" role="alert">
          {shown.message}
        </p>
      )}
      {matching === 0 && (
        <p className="muted small">
          {filtered
            ? `No changed file's path holds “${ready?.filter}”.`
            : "Nothing changed since the last commit (or this is not a git repository)."}
        </p>
      )}
      {filtered && matching !== 0 && (
        <p className="muted small">{`${plural(matching ?? 0, "changed file's path holds", "changed files' paths hold")} “${ready?.filter}”.`}</p>
      )}
      {ready && ready.files.length > 0 && (
        <VirtualRows
          rows={ready.files}
          rowKey={changeKey}
          row={(f) => {
            const discard = rowDiscard(f);
            return (
              <GitChangedFile
                file={f}
                opened={opened.get(changeKey(f))}
                onToggle={() => toggle(f)}
                {...(discard ? { discard } : {})}
              />
            );
          }}
          className="change-files-root"
          listClassName="change-files"
          rowClassName={() => "change-file"}
          label="Changed files"
        />
      )}
      {more > 0 && ready && (
        <p className="muted small" role="status">
          {`${plural(more, "more changed file", "more changed files")} ${filtered ? "with that path " : ""}not shown (the list goes by path). `}
          <button
            type="button"
            className="linkish small"
            disabled={ready.paging === "loading"}
            aria-busy={ready.paging === "loading"}
            onClick={showMore}
          >
            {`Show ${Math.min(page, more).toLocaleString("en")} more`}
          </button>
          {typeof ready.paging === "object" && <span className="inline-error">{` ${ready.paging.error}`}</span>}
        </p>
      )}
    </section>
  );
}
