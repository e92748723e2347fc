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
    text = message.parts
      .flatMap((p) => (p.type === "text" ? [p.text] : []))
      .join("\n")
      .toLowerCase();
    lowered.set(message, text);
  }
  return text;
}

/** Every match of `query` in the conversation, oldest message first; none for a blank query. */
export function findMatches(messages: MessageView[], query: string, limit = matchLimit): Match[] {
  const needle = query.toLowerCase();
  if (needle.trim() === "") return [];
  const matches: Match[] = [];
  for (const message of messages) {
    const text = searchableText(message);
    let occurrence = 0;
    for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + needle.length)) {
      matches.push({ messageID: message.id, occurrence: occurrence++ });
      if (matches.length >= limit) return matches;
    }
  }
  return matches;
}

/** "3 of 12", "No match", or nothing before a query. */
export function matchCount(query: string, count: number, current: number): string {
  if (query.trim() === "") return "";
  if (count === 0) return "No match";
  return `${current + 1} of ${count}${count >= matchLimit ? "+" : ""}`;
}
