// Which changed files a commit takes when the Files tab cannot list them all (past
// maxGitFilesListed, or past what one request can name): a choice made of rules, read the same way
// by the window (to count and tick) and by the backend (to commit). Every changed file starts
// chosen or not (`all`); each rule, in order, chooses or leaves out the paths holding its filter;
// a file ticked or unticked by hand wins over every rule. With the `listing` of the files it was
// made over, a commit takes exactly the files the person saw counted, or is refused.
import { z } from "zod";
import { holdsFilter } from "./files.ts";

const paths = z.array(z.string().min(1).max(4_000)).max(10_000);

export const GitSelection = z.object({
  /** Whether a file no rule and no tick speaks of is chosen. */
  all: z.boolean(),
  /** "Choose these" / "Leave these out" over a path filter, in the order pressed: a later one wins. */
  rules: z.array(z.object({ filter: z.string().min(1).max(1_000), chosen: z.boolean() })).max(200),
  /** Ticked and unticked by hand (each path in one of the two at most). */
  chosen: paths,
  leftOut: paths,
});
export type GitSelection = z.infer<typeof GitSelection>;

/** Whether `selection` chooses a path; built once per selection, then asked per path. */
export function chooser(selection: GitSelection): (path: string) => boolean {
  const ticked = new Set(selection.chosen);
  const unticked = new Set(selection.leftOut);
  const rules = [...selection.rules].reverse();
  return (path) => {
    if (ticked.has(path)) return true;
    if (unticked.has(path)) return false;
    return rules.find((r) => holdsFilter(path, r.filter))?.chosen ?? selection.all;
  };
}

/** `POST /api/sessions/:id/git/selection`: the form's list (paths holding `filter`) and counts for a selection. */
export const GitSelectionRequest = z.object({
  selection: GitSelection,
  filter: z.string().max(1_000).optional(),
});
export type GitSelectionRequest = z.infer<typeof GitSelectionRequest>;
