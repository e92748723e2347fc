// ↑ and ↓ in an empty (or untouched) message box walk through what was sent before, newest
// first, like a shell; the text being written is kept and comes back after the newest entry.

export interface HistoryCursor {
  /** -1 = the user's own draft; 0 = the newest sent prompt. */
  index: number;
  draft: string;
}

export const freshCursor: HistoryCursor = { index: -1, draft: "" };

export function stepHistory(
  history: string[],
  cursor: HistoryCursor,
  current: string,
  direction: "older" | "newer",
): { cursor: HistoryCursor; text: string } | null {
  const newestFirst = [...history].reverse();
  const draft = cursor.index === -1 ? current : cursor.draft;
  const index = direction === "older" ? cursor.index + 1 : cursor.index - 1;
  if (index < -1 || index >= newestFirst.length) return null;
  return { cursor: { index, draft }, text: index === -1 ? draft : (newestFirst[index] ?? "") };
}

/** Sent prompts, oldest first, without repeats next to each other. */
export function rememberPrompt(history: string[], text: string, limit = 100): string[] {
  const trimmed = text.trim();
  if (!trimmed || history.at(-1) === trimmed) return history;
  return [...history, trimmed].slice(-limit);
}
