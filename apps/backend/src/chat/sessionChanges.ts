// The session's changed files, each once. opencode 1.18 keeps a diff per prompt only (its session
// diff answers [] and its `session.diff` event carries []), so the session's list is put together
// from the prompts' diffs: counts summed, each prompt's patch kept in order (patches taken at
// different times cannot be merged into one without the file's history). Undone prompts are out.
import type { ChangesResponse, SessionFileChange } from "@turnkey/contracts";

export function sessionChanges(
  prompts: ChangesResponse["messages"],
  /** The session is rolled back to before this message: it and later prompts no longer count. */
  revertedFrom: string | null,
): SessionFileChange[] {
  const byPath = new Map<string, SessionFileChange>();
  const first = new Map<string, SessionFileChange["status"]>();
  for (const { messageID, files } of prompts) {
    if (revertedFrom !== null && messageID >= revertedFrom) continue; // opencode's ids sort by creation
    for (const file of files) {
      const seen = byPath.get(file.path);
      if (!first.has(file.path)) first.set(file.path, file.status);
      const patches = [...(seen?.patches ?? []), ...(file.patch ? [{ messageID, patch: file.patch }] : [])];
      byPath.set(file.path, {
        path: file.path,
        // Deleted last: gone. Added first: new in this session. Otherwise changed.
        status: file.status === "deleted" ? "deleted" : first.get(file.path) === "added" ? "added" : "modified",
        additions: (seen?.additions ?? 0) + file.additions,
        deletions: (seen?.deletions ?? 0) + file.deletions,
        patches,
      });
    }
  }
  return [...byPath.values()].sort((a, b) => a.path.localeCompare(b.path));
}
