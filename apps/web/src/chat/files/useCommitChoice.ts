// Which changed files the commit form chooses. Every file starts chosen; "Choose all/none", "Choose
// these" or "Leave these out" over a path filter, and ticks by hand change it (contracts'
// gitSelection.ts, read the same way by the backend). When every changed file is listed the form
// counts and commits the chosen paths itself; past the listed ones (over 2,000 files) the backend
// lists the files holding the filter and counts the selection over all of them, and the commit
// sends the selection with the listing it was counted over, so it takes exactly the files counted.
import {
  chooser,
  type GitCommitRequest,
  type GitSelection,
  type GitSelectionRequest,
  type GitSelectionResponse,
  type GitWorkFile,
  holdsFilter,
} from "@turnkey/contracts";
import { useEffect, useMemo, useRef, useState } from "react";
import { errorMessage } from "../../shared/api.ts";
import { filterPauseMs } from "./useFolders.ts";

export type SelectionLoad = (request: GitSelectionRequest) => Promise<GitSelectionResponse>;
const everything: GitSelection = { all: true, rules: [], chosen: [], leftOut: [] };

export interface CommitChoiceView {
  /** The files listed (those holding the filter), their count past those, and every changed file. */
  listed: GitWorkFile[];
  more: number;
  matching: number;
  total: number;
  /** Files chosen of every changed file; null while the backend counts. */
  chosen: number | null;
  isChosen: (path: string) => boolean;
  problem: string | null;
}

export function useCommitChoice(
  files: GitWorkFile[],
  moreFiles: number,
  select: SelectionLoad,
  pauseMs = filterPauseMs,
) {
  const [selection, setSelection] = useState<GitSelection>(everything);
  const [typed, setTyped] = useState("");
  const filter = typed.trim();
  const isChosen = useMemo(() => chooser(selection), [selection]);
  const big = moreFiles > 0;
  const [remote, setRemote] = useState<{ answer: GitSelectionResponse | null; pending: boolean; error?: string }>({
    answer: null,
    pending: big,
  });
  const generation = useRef(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: new files (the state read again) are a reason to count again
  useEffect(() => {
    if (!big) return;
    const current = ++generation.current;
    setRemote((r) => ({ answer: r.answer, pending: true }));
    // Ticks and typing pause before the backend counts again (it reads git's whole list each time).
    const timer = setTimeout(() => {
      select({ selection, ...(filter ? { filter } : {}) }).then(
        (answer) => current === generation.current && setRemote({ answer, pending: false }),
        (e) => current === generation.current && setRemote((r) => ({ ...r, pending: false, error: errorMessage(e) })),
      );
    }, pauseMs);
    return () => clearTimeout(timer);
  }, [big, select, selection, filter, files, pauseMs]);

  let view: CommitChoiceView;
  if (big) {
    const answer = remote.answer;
    view = {
      listed: answer?.files ?? [],
      more: answer?.more ?? 0,
      matching: answer ? answer.files.length + answer.more : 0,
      total: answer?.total ?? files.length + moreFiles,
      chosen: remote.pending || !answer ? null : answer.chosen,
      isChosen,
      problem: remote.error ?? null,
    };
  } else {
    const listed = files.filter((f) => holdsFilter(f.path, filter));
    view = {
      listed,
      more: 0,
      matching: listed.length,
      total: files.length,
      chosen: files.reduce((n, f) => (isChosen(f.path) ? n + 1 : n), 0),
      isChosen,
      problem: null,
    };
  }

  const toggle = (path: string) =>
    setSelection((s) => {
      const was = chooser(s)(path);
      const untouched = {
        ...s,
        chosen: s.chosen.filter((p) => p !== path),
        leftOut: s.leftOut.filter((p) => p !== path),
      };
      if (chooser(untouched)(path) !== was) return untouched;
      return was
        ? { ...untouched, leftOut: [...untouched.leftOut, path] }
        : { ...untouched, chosen: [...untouched.chosen, path] };
    });
  /** Every changed file chosen, or none. */
  const chooseEvery = (chosen: boolean) => setSelection({ ...everything, all: chosen });
  /** Every changed file holding the filter chosen or left out, ticks on them by hand forgotten. */
  const chooseMatching = (chosen: boolean) =>
    setSelection((s) => ({
      all: s.all,
      rules: [...s.rules.filter((r) => r.filter.toLowerCase() !== filter.toLowerCase()), { filter, chosen }],
      chosen: s.chosen.filter((p) => !holdsFilter(p, filter)),
      leftOut: s.leftOut.filter((p) => !holdsFilter(p, filter)),
    }));
  /** What the commit takes: the chosen paths, or the selection with the listing it was counted over. */
  const request = (): Omit<GitCommitRequest, "message"> | null => {
    if (!big) return { paths: files.filter((f) => isChosen(f.path)).map((f) => f.path) };
    return remote.answer && !remote.pending ? { selection, listing: remote.answer.listing } : null;
  };
  const reset = () => {
    setSelection(everything);
    setTyped("");
  };
  return { view, typed, setTyped, filter, toggle, chooseEvery, chooseMatching, request, reset };
}
