// The find bar above the conversation (Ctrl/Cmd+F): searches the whole chat's data as the user
// types (debounced), shows "3 of 12", and Enter / Shift+Enter (or ↓ ↑) pick the next / previous
// match, wrapping; the message list scrolls the match into view. Escape closes it and gives the
// focus back to the message box. useFinder is its state as the chat window holds it.
import { useEffect, useMemo, useRef, useState } from "react";
import type { MessageView } from "../conversation.ts";
import "./find.css";
import { findMatches, type Match, matchCount } from "./findMatches.ts";

/** The match to show: a new object each time the user moves, so moving to the same one scrolls again. */
export interface Found extends Match {
  query: string;
}

export interface Finder {
  /** 0 while closed; counts up at each Ctrl+F so a second press selects the query again. */
  opened: number;
  found: Found | null;
  open: () => void;
  /** Escape or ×: closed, and the focus back in the message box. */
  close: () => void;
  /** Another chat opened: closed, the focus left where it is. */
  dismiss: () => void;
  setFound: (found: Found | null) => void;
}

export function useFinder(): Finder {
  const [opened, setOpened] = useState(0);
  const [found, setFound] = useState<Found | null>(null);
  return useMemo(
    () => ({
      opened,
      found,
      open: () => setOpened((n) => n + 1),
      close: () => {
        setOpened(0);
        setFound(null);
        document.getElementById("prompt")?.focus();
      },
      dismiss: () => {
        setOpened(0);
        setFound(null);
      },
      setFound,
    }),
    [opened, found],
  );
}

/** Typing this long without a pause searches once, not at every key. */
const typingPauseMs = 150;

export function FindBar({ messages, finder }: { messages: MessageView[]; finder: Finder }) {
  const input = useRef<HTMLInputElement>(null);
  const [text, setText] = useState("");
  const [query, setQuery] = useState("");
  // Which match is current, for the query it was chosen for; a new query starts at the newest.
  const [chosen, setChosen] = useState<{ query: string; index: number } | null>(null);
  const matches = useMemo(() => findMatches(messages, query), [messages, query]);
  const count = matches.length;
  const current = count === 0 ? -1 : chosen?.query === query ? Math.min(chosen.index, count - 1) : count - 1;
  const match = matches[current];

  // A new query starts at its newest match and stays on it: text streaming in adds matches
  // without moving the current one (nor the view).
  useEffect(() => {
    if (count > 0 && chosen?.query !== query) setChosen({ query, index: count - 1 });
  }, [query, count, chosen]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: each Ctrl+F focuses the field again
  useEffect(() => {
    input.current?.focus();
    input.current?.select();
  }, [finder.opened]);

  useEffect(() => {
    if (text === query) return;
    const timer = setTimeout(() => setQuery(text), typingPauseMs);
    return () => clearTimeout(timer);
  }, [text, query]);

  // Tell the list only when the match itself changes (not at every streamed delta).
  const { setFound } = finder;
  const matchKey = match ? `${match.messageID}\n${match.occurrence}\n${query}` : "";
  // biome-ignore lint/correctness/useExhaustiveDependencies: matchKey stands for match and query
  useEffect(() => setFound(match ? { ...match, query } : null), [matchKey, chosen, setFound]);

  const move = (by: number) => {
    if (text !== query) {
      setQuery(text); // Enter before the pause: search now, at the newest match
      return;
    }
    if (count > 0) setChosen({ query, index: (current + by + count) % count });
  };

  return (
    <search className="find-bar" aria-label="Find in this chat">
      <input
        ref={input}
        type="search"
        aria-label="Find in this chat"
        placeholder="Find in this chat"
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Enter") {
            e.preventDefault();
            move(e.shiftKey ? -1 : 1);
          } else if (e.key === "Escape") {
            e.preventDefault();
            e.stopPropagation();
            finder.close();
          }
        }}
      />
      <span className="find-count small muted" role="status">
        {text === query ? matchCount(query, count, current) : ""}
      </span>
      <button type="button" className="linkish" aria-label="Previous match" onClick={() => move(-1)} disabled={!count}>
        ↑
      </button>
      <button type="button" className="linkish" aria-label="Next match" onClick={() => move(1)} disabled={!count}>
        ↓
      </button>
      <button type="button" className="linkish" aria-label="Close find" onClick={finder.close}>
        ×
      </button>
    </search>
  );
}
