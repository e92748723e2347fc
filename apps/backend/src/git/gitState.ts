// Reading git's answers into the Files tab's state: `git status --porcelain=v2 --branch -z` (the
// branch, its upstream, ahead/behind and every changed path in one call, a format git keeps
// stable for scripts: git-scm.com/docs/git-status#_porcelain_format_version_2), the last commit,
// the local branches and the remotes. Pure, so each shape is tested on strings.
import type { GitCommitInfo, GitFileState, GitWorkFile } from "@turnkey/contracts";
import { submoduleWorkTreesUnread } from "./gitFilters.ts";

/** Every changed path, untracked files one by one, no rename pairs (parseStatus's input), no submodule's filter. */
export const statusArgs = [
  "status",
  "--porcelain=v2",
  "-z",
  "--untracked-files=all",
  "--no-renames",
  submoduleWorkTreesUnread,
];

export interface StatusSummary {
  branch: string | null;
  upstream: string | null;
  ahead: number;
  behind: number;
  /** The upstream is set but its branch is gone (no ahead/behind line). */
  upstreamGone?: true;
  files: GitWorkFile[];
}

const stateOf: Record<string, GitFileState> = {
  M: "modified",
  A: "added",
  D: "deleted",
  R: "renamed",
  C: "added",
  T: "typechange",
};

/** The status records, NUL-separated. Renames are off (`--no-renames`), so each record is one path. */
export function parseStatus(text: string): StatusSummary {
  const summary: StatusSummary = { branch: null, upstream: null, ahead: 0, behind: 0, files: [] };
  let sawAheadBehind = false;
  for (const record of text.split("\0")) {
    if (record.startsWith("# branch.head ")) {
      const head = record.slice("# branch.head ".length);
      summary.branch = head === "(detached)" ? null : head;
    } else if (record.startsWith("# branch.upstream ")) summary.upstream = record.slice("# branch.upstream ".length);
    else if (record.startsWith("# branch.ab ")) {
      sawAheadBehind = true;
      const match = /^\+(\d+) -(\d+)$/.exec(record.slice("# branch.ab ".length));
      if (match) {
        summary.ahead = Number(match[1]);
        summary.behind = Number(match[2]);
      }
    } else if (record.startsWith("1 ")) {
      // 1 XY sub mH mI mW hH hI path: the path is everything after the eighth space.
      const xy = record.slice(2, 4);
      const path = fieldsAfter(record, 8);
      const x = xy[0] ?? ".";
      const y = xy[1] ?? ".";
      const letter = x !== "." ? x : y;
      summary.files.push({ path, state: stateOf[letter] ?? "modified", staged: x !== "." });
    } else if (record.startsWith("u ")) {
      // u XY sub m1 m2 m3 mW h1 h2 h3 path
      summary.files.push({ path: fieldsAfter(record, 10), state: "conflicted", staged: false });
    } else if (record.startsWith("? ")) {
      summary.files.push({ path: record.slice(2), state: "untracked", staged: false });
    }
  }
  summary.files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  // git writes `# branch.ab` only "if upstream is set and the commit is present" (git-status docs).
  if (summary.upstream !== null && !sawAheadBehind) summary.upstreamGone = true;
  return summary;
}

function fieldsAfter(record: string, spaces: number): string {
  let at = 0;
  for (let i = 0; i < spaces; i++) {
    at = record.indexOf(" ", at) + 1;
    if (at === 0) return "";
  }
  return record.slice(at);
}

/** `git log -1 --format=%H%x00%h%x00%s`; null when there is no commit yet. */
export function parseHead(text: string): GitCommitInfo | null {
  const [hash, shortHash, subject] = text.replace(/\n$/, "").split("\0");
  return hash && shortHash ? { hash, shortHash, subject: subject ?? "" } : null;
}

/** `git for-each-ref --format=%(refname) refs/heads/`: full names, so a tag of the same name cannot blur one. */
export function parseBranches(text: string): string[] {
  return text
    .split("\n")
    .filter((line) => line.startsWith("refs/heads/"))
    .map((line) => line.slice("refs/heads/".length))
    .sort();
}

export function parseLines(text: string): string[] {
  return text
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);
}

/**
 * Why a branch name is refused before git sees it, or null. A name starting with `-` would be
 * read as an option (`--upload-pack=…`), and git's own check-ref-format accepts
 * `refs/heads/--upload-pack=x`, so that rule is ours; the rest is git's (checked after this).
 */
export function branchNameProblem(name: string): string | null {
  if (name.trim() === "") return "Type a name for the branch.";
  if (name.startsWith("-"))
    return `"${name}" starts with "-", which git would read as an option: choose a name that starts with a letter or digit.`;
  if ([...name].some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f))
    return "A branch name cannot hold control characters (a tab, a new line).";
  return null;
}
