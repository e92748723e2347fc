// The sidebar's order and labels: most recent activity first, filtered by a search, with a time
// a person reads at a glance ("14:05" today, "Mon 3 Nov" before).
import type { ChatSession } from "@turnkey/contracts";

export function orderSessions(sessions: ChatSession[], query: string): ChatSession[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  return sessions
    .filter((s) => words.every((w) => s.title.toLowerCase().includes(w)))
    .sort((a, b) => b.updatedAt - a.updatedAt || b.createdAt - a.createdAt);
}

export function activityLabel(at: number, now: number): string {
  const date = new Date(at);
  const today = new Date(now);
  if (date.toDateString() === today.toDateString())
    return date.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" });
  const sameYear = date.getFullYear() === today.getFullYear();
  return date.toLocaleDateString(undefined, {
    weekday: sameYear ? "short" : undefined,
    day: "numeric",
    month: "short",
    year: sameYear ? undefined : "numeric",
  });
}
