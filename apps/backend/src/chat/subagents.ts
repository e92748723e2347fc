// Subagent sessions (opencode's `task` tool starts one per delegated task) belong to the chat that
// started them: the sessions list shows each chat once, carrying the ids of its subagents' sessions,
// rather than every subagent as a chat of its own.
import type { ChatSession } from "@turnkey/contracts";

/** Roots only, each with `children`: every descendant's id (a subagent's own subagents included), oldest first. */
export function groupSubagents(all: ChatSession[]): ChatSession[] {
  const byId = new Map(all.map((s) => [s.id, s]));
  const rootOf = (session: ChatSession): ChatSession => {
    let current = session;
    const seen = new Set<string>();
    while (current.parentID && byId.has(current.parentID) && !seen.has(current.id)) {
      seen.add(current.id);
      current = byId.get(current.parentID)!;
    }
    return current;
  };
  const children = new Map<string, ChatSession[]>();
  for (const session of all) {
    const root = rootOf(session);
    if (root === session) continue;
    children.set(root.id, [...(children.get(root.id) ?? []), session]);
  }
  // A subagent whose parent is gone (deleted) is shown as a chat of its own rather than lost.
  return all
    .filter((s) => rootOf(s) === s)
    .map((s) => {
      const kids = children.get(s.id);
      return kids ? { ...s, children: kids.sort((a, b) => a.createdAt - b.createdAt).map((k) => k.id) } : s;
    });
}
