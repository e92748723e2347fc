// Which changed files a commit takes, from what the Files tab sent: the paths chosen, or a selection
// of rules (contracts' gitSelection.ts) with the listing it was counted over, so a commit of more
// files than any list shows (every changed file but some included) takes exactly the files the
// person saw counted; if git's list changed since, nothing is committed and the form says so.
import { createHash } from "node:crypto";
import {
  chooser,
  type GitSelection,
  type GitSelectionResponse,
  type GitWorkFile,
  holdsFilter,
} from "@turnkey/contracts";
import { normalizeProjectPath } from "../files/containment.ts";
import { GitError } from "./gitErrors.ts";

export interface CommitChoice {
  paths?: readonly string[];
  selection?: GitSelection;
  listing?: string;
}

/** Names a set of changed paths (in git's order): equal digests, the same files. */
export function listingOf(paths: readonly string[]): string {
  const hash = createHash("sha256");
  for (const path of paths) hash.update(`${path}\0`);
  return `${paths.length}:${hash.digest("base64url").slice(0, 22)}`;
}

/** The commit form's list (the paths holding `filter`, `cap` at most) and counts for a selection. */
export function selectionView(
  files: readonly GitWorkFile[],
  selection: GitSelection,
  filter: string,
  cap: number,
): GitSelectionResponse {
  const isChosen = chooser(selection);
  const matching = files.filter((f) => holdsFilter(f.path, filter));
  const listed = matching.slice(0, cap);
  return {
    files: listed,
    more: matching.length - listed.length,
    total: files.length,
    chosen: files.reduce((n, f) => (isChosen(f.path) ? n + 1 : n), 0),
    listing: listingOf(files.map((f) => f.path)),
  };
}

/** The paths to commit of `all` (git's changed paths now), or a GitError saying why none. */
export function chosenPaths(all: readonly string[], choice: CommitChoice): string[] {
  if (choice.selection) {
    if (choice.listing !== listingOf(all))
      throw new GitError(
        409,
        "nothing_to_commit",
        "The changed files are not the ones you chose from any more (the agent or another program changed some since the list was read), so nothing was committed. Look at the list again, then commit.",
      );
    const isChosen = chooser(choice.selection);
    return nonEmpty(all.filter(isChosen));
  }
  const listed = new Set(all);
  // Checked against git's own list as given, not normalised: `x\y.txt` and `c:notes.md` are
  // ordinary names on POSIX, which the file routes' rule read as a folder and a drive (review 5, L4).
  const given = (p: string) => {
    if (p.includes("\0")) throw new GitError(400, "nothing_to_commit", "A file name cannot hold a NUL character.");
    return listed.has(p) ? p : normalizeProjectPath(p);
  };
  // Never "every changed file" by default: a choice naming no files takes none (review 7).
  if (!choice.paths)
    throw new GitError(400, "nothing_to_commit", "Say which files to commit: choose them in the list, then commit.");
  const chosen = [...new Set(choice.paths.map(given))];
  const gone = chosen.filter((p) => !listed.has(p));
  if (gone.length > 0)
    throw new GitError(
      409,
      "nothing_to_commit",
      `${gone.slice(0, 3).join(", ")} ${gone.length === 1 ? "is" : "are"} not among the changed files any more. Refresh the list and choose again.`,
    );
  return nonEmpty(chosen);
}

function nonEmpty(chosen: string[]): string[] {
  if (chosen.length === 0) throw new GitError(400, "nothing_to_commit", "Choose at least one changed file to commit.");
  return chosen;
}
