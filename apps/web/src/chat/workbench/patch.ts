// Unified patches (what opencode's snapshots and edit tools produce) → lines a person can read,
// unified or side by side. Pure, so the diff view is tested without rendering.

export interface DiffLine {
  kind: "context" | "add" | "del";
  oldNo: number | null;
  newNo: number | null;
  text: string;
}
export interface Hunk {
  header: string;
  lines: DiffLine[];
}
/** One row of the split view: the old line on the left, the new one on the right. */
export interface SplitRow {
  left: DiffLine | null;
  right: DiffLine | null;
}

const hunkHeader = /^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@(.*)$/;

export function parsePatch(patch: string): Hunk[] {
  const hunks: Hunk[] = [];
  let current: Hunk | null = null;
  let oldNo = 0;
  let newNo = 0;
  const lines = patch.split("\n");
  if (lines.at(-1) === "") lines.pop(); // the patch's own final newline
  for (const line of lines) {
    const header = hunkHeader.exec(line);
    if (header) {
      oldNo = Number(header[1]);
      newNo = Number(header[2]);
      current = { header: line, lines: [] };
      hunks.push(current);
      continue;
    }
    if (!current) continue; // file headers (Index:, ---, +++, diff --git) come before the first hunk
    if (line.startsWith("\\")) continue; // "\ No newline at end of file"
    if (line.startsWith("+")) current.lines.push({ kind: "add", oldNo: null, newNo: newNo++, text: line.slice(1) });
    else if (line.startsWith("-"))
      current.lines.push({ kind: "del", oldNo: oldNo++, newNo: null, text: line.slice(1) });
    else if (line.startsWith(" ") || line === "") {
      current.lines.push({ kind: "context", oldNo: oldNo++, newNo: newNo++, text: line.slice(1) });
    }
  }
  return hunks;
}

/** Pairs deletions with the additions that replace them, so a changed line sits beside its new self. */
export function splitRows(hunk: Hunk): SplitRow[] {
  const rows: SplitRow[] = [];
  let dels: DiffLine[] = [];
  let adds: DiffLine[] = [];
  const flush = () => {
    for (let i = 0; i < Math.max(dels.length, adds.length); i++)
      rows.push({ left: dels[i] ?? null, right: adds[i] ?? null });
    dels = [];
    adds = [];
  };
  for (const line of hunk.lines) {
    if (line.kind === "del") dels.push(line);
    else if (line.kind === "add") adds.push(line);
    else {
      flush();
      rows.push({ left: line, right: line });
    }
  }
  flush();
  return rows;
}

/**
 * Where a patch's first change is in the new file (1-based): its first added line, or for a hunk
 * that only removes, the line that now stands where the removed ones were. Null without a hunk.
 */
export function firstChangedLine(patch: string): number | null {
  for (const hunk of parsePatch(patch)) {
    let next: number | null = null;
    for (const line of hunk.lines) {
      if (line.kind === "add") return line.newNo;
      if (line.kind === "del") return Math.max(1, next ?? Number(/\+(\d+)/.exec(hunk.header)?.[1] ?? 1));
      next = (line.newNo ?? 0) + 1;
    }
  }
  return null;
}
