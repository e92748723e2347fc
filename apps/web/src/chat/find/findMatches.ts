// Find in this chat, over the data: the list is virtualized, so the page holds only the rows in
// view and neither the browser's find nor a DOM search could reach the rest. Searches what the
// conversation shows as text (the user's prompts, the replies' text parts), ignoring case.
import type { MessageView } from "../conversation.ts";

/** One match: the message it is in and which of that message's matches it is (0 = first). */
export interface Match {
  messageID: string;
  occurrence: number;
}

/** More matches than this are not counted (a one-letter query in a long chat). */
export const matchLimit = 9999;

// Messages are immutable (a changed one is a new object): each is lowered once, so typing in a
// 2,000-message chat or a streaming reply only lowers what is new.
const lowered = new WeakMap<MessageView, string>();
function searchableText(message: MessageView): string {
  let text = lowered.get(message);
  if (text === undefined) {
    text = foldCase(message.parts.flatMap((p) => (p.type === "text" ? [p.text] : [])).join("\n")).lower;
    lowered.set(message, text);
  }
  return text;
}

/**
 * The one case folding of find, for counting (here) and painting (markMatch.ts): the text in lower
 * case, and where a lower case is longer than its letter (U+0130 "İ" becomes "i" + a dot), each
 * lowered unit's [start, end) in the text itself, so a match is painted where it is.
 */
export function foldCase(text: string): { lower: string; spans: ((at: number) => [number, number]) | null } {
  const whole = text.toLowerCase();
  if (whole.length === text.length) return { lower: whole, spans: null };
  let lower = "";
  const spans: [number, number][] = [];
  let offset = 0;
  for (const letter of text) {
    const folded = letter.toLowerCase();
    for (let unit = 0; unit < folded.length; unit++) spans.push([offset, offset + letter.length]);
    lower += folded;
    offset += letter.length;
  }
  return { lower, spans: (at) => spans[at] ?? [text.length, text.length] };
}

/** Where the folded query occurs in a folded text: non-overlapping, as many as `limit`. */
export function matchStarts(lower: string, query: string, limit = matchLimit): number[] {
  const needle = foldCase(query).lower;
  if (needle.trim() === "") return [];
  const starts: number[] = [];
  for (
    let at = lower.indexOf(needle);
    at !== -1 && starts.length < limit;
    at = lower.indexOf(needle, at + needle.length)
  )
    starts.push(at);
  return starts;
}

/** Every match of `query` in the conversation, oldest message first; none for a blank query. */
export function findMatches(messages: MessageView[], query: string, limit = matchLimit): Match[] {
  const matches: Match[] = [];
  for (const message of messages) {
    const starts = matchStarts(searchableText(message), query, limit - matches.length);
    for (const occurrence of starts.keys()) matches.push({ messageID: message.id, occurrence });
    if (matches.length >= limit) return matches;
  }
  return matches;
}

/** "3 of 12", "No match", or nothing before a query. */
export function matchCount(query: string, count: number, current: number): string {
  if (query.trim() === "") return "";
  if (count === 0) return "No match";
  return `${current + 1} of ${count}${count >= matchLimit ? "+" : ""}`;
}
