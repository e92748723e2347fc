// Subagent sessions (opencode's `task` tool starts one per delegated task) belong to the chat that
// started them: the sessions list shows each chat once, carrying the ids of its subagents' sessions,
// rather than every subagent as a chat of its own.
//
// opencode answers a session list a page at a time (its 100 most recently updated by default), so
// the chats are asked for as roots (`roots: true`: a subagent never takes a chat's place in the
// page) and the subagents from a separate, larger page of recent sessions (kept between refreshes:
// recentSessions.ts). A chat older than that page shows fewer subagents than it has; its own list
// (`GET /api/sessions/:id/children`) is whole.
import type { ChatSession } from "@turnkey/contracts";

/** The chats, each with `children`: every descendant found in `recent` (a subagent's own subagents included), oldest first. */
export function withSubagents(chats: ChatSession[], recent: ChatSession[]): ChatSession[] {
  const byId = new Map(recent.map((s) => [s.id, s]));
  for (const chat of chats) byId.set(chat.id, chat);
  const listed = new Set(chats.map((c) => c.id));
  /** The chat a subagent belongs to, or null when its chain of parents leaves what was read. */
  const chatOf = (session: ChatSession): string | null => {
    let current = session;
    const seen = new Set<string>();
    while (current.parentID && !seen.has(current.id)) {
      seen.add(current.id);
      if (listed.has(current.parentID)) return current.parentID;
      const parent = byId.get(current.parentID);
      if (!parent) return null;
      current = parent;
    }
    return null;
  };
  const children = new Map<string, ChatSession[]>();
  for (const session of recent) {
    if (!session.parentID || listed.has(session.id)) continue;
    const chat = chatOf(session);
    if (chat) children.set(chat, [...(children.get(chat) ?? []), session]);
  }
  return chats.map((chat) => {
    const kids = children.get(chat.id);
    return kids ? { ...chat, children: kids.sort((a, b) => a.createdAt - b.createdAt).map((k) => k.id) } : chat;
  });
}
