// The chat window's keyboard shortcuts: one table, read by the key handler and by the `?` overlay,
// so what the overlay lists is what works. Ctrl stands for Cmd on macOS.
import { useEffect, useRef } from "react";

export type ShortcutId =
  | "new-chat"
  | "focus-composer"
  | "previous-session"
  | "next-session"
  | "stop"
  | "search"
  | "find"
  | "find-file"
  | "find-in-files"
  | "help";

export interface Shortcut {
  id: ShortcutId;
  keys: string;
  does: string;
}

export const shortcuts: Shortcut[] = [
  { id: "new-chat", keys: "Ctrl+Shift+O", does: "New chat" },
  { id: "focus-composer", keys: "Shift+Esc", does: "Go to the message box" },
  { id: "previous-session", keys: "Alt+↑", does: "Previous session" },
  { id: "next-session", keys: "Alt+↓", does: "Next session" },
  { id: "stop", keys: "Esc", does: "Stop the reply" },
  { id: "search", keys: "Ctrl+K", does: "Search sessions" },
  { id: "find", keys: "Ctrl+F", does: "Find in this chat (Enter: next, Shift+Enter: previous)" },
  { id: "find-file", keys: "Ctrl+P", does: "Find a file of the project by name (Files tab)" },
  { id: "find-in-files", keys: "Ctrl+Shift+F", does: "Find text in the project's files (Files tab)" },
  { id: "help", keys: "?", does: "Show these shortcuts" },
];

interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

/** Which shortcut a key press is; `typing` when the focus is in a text field. */
export function matchShortcut(e: KeyLike, typing: boolean): ShortcutId | null {
  const ctrl = e.ctrlKey || e.metaKey;
  const key = e.key.toLowerCase();
  if (ctrl && e.shiftKey && key === "o") return "new-chat";
  if (ctrl && !e.shiftKey && key === "k") return "search";
  if (ctrl && !e.shiftKey && !e.altKey && key === "f") return "find";
  // As editors have them (VS Code, OpenCode's desktop app): quick open and search in files.
  if (ctrl && !e.shiftKey && !e.altKey && key === "p") return "find-file";
  if (ctrl && e.shiftKey && !e.altKey && key === "f") return "find-in-files";
  if (e.shiftKey && e.key === "Escape") return "focus-composer";
  if (e.altKey && !ctrl && e.key === "ArrowUp") return "previous-session";
  if (e.altKey && !ctrl && e.key === "ArrowDown") return "next-session";
  if (!typing && !ctrl && !e.altKey && e.key === "?") return "help";
  if (ctrl && e.key === "/") return "help";
  // In the message box Escape stops too (Composer); in other fields it belongs to the field.
  if (!typing && !ctrl && !e.altKey && !e.shiftKey && e.key === "Escape") return "stop";
  return null;
}

function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return (
    !!el && (el.tagName === "INPUT" || el.tagName === "TEXTAREA" || el.tagName === "SELECT" || el.isContentEditable)
  );
}

/** Listens on the window; the handlers may change every render. */
export function useShortcuts(handlers: Partial<Record<ShortcutId, () => void>>): void {
  const latest = useRef(handlers);
  latest.current = handlers;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const id = matchShortcut(e, isTyping(e.target));
      const run = id ? latest.current[id] : undefined;
      if (!run) return;
      e.preventDefault();
      run();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
}
