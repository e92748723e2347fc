// What the user is typing at the caret: an `@file` mention being written, or a `/command` at the
// start of the message; and what a whole message is (a `!` shell command). Pure, so the
// composer's suggestions and modes are tested on strings.
import { commandNameChars, parseSlashCommand } from "@turnkey/contracts";

/** A `/name` being typed at the start of the message, as contracts' parser reads one. */
const typedCommand = new RegExp(String.raw`^\/(${commandNameChars}*)$`);

export type ActiveToken =
  | { kind: "mention"; query: string; start: number; end: number }
  | { kind: "command"; query: string; start: number; end: number };

export function activeToken(text: string, caret: number): ActiveToken | null {
  const before = text.slice(0, caret);
  const command = typedCommand.exec(before);
  if (command) return { kind: "command", query: command[1] ?? "", start: 0, end: caret };
  // `@"my notes` while a quoted path (one with a space) is being written.
  const quoted = /(^|\s)@"([^"]*)$/.exec(before);
  if (quoted) {
    const query = quoted[2] ?? "";
    return { kind: "mention", query, start: caret - query.length - 2, end: caret };
  }
  const mention = /(^|\s)@([^\s@"]*)$/.exec(before);
  if (mention) {
    const query = mention[2] ?? "";
    return { kind: "mention", query, start: caret - query.length - 1, end: caret };
  }
  return null;
}

/**
 * How a path is written as a mention: `@src/a.ts`, or quoted when it holds a space or a quote
 * mark would end it early (`@"my notes.md"`), as a path with a space is otherwise two words.
 */
export function mentionOf(path: string): string {
  return /[\s"]/.test(path) ? `@"${path.replace(/"/g, "")}"` : `@${path}`;
}

/** Puts `replacement` where the token was, with one space after it. Returns the text and caret. */
export function replaceToken(text: string, token: ActiveToken, replacement: string): { text: string; caret: number } {
  const after = text.slice(token.end).replace(/^\S*/, "");
  const insert = `${replacement} `;
  return { text: text.slice(0, token.start) + insert + after.replace(/^ /, ""), caret: token.start + insert.length };
}

/** The `@path` and `@"quoted path"` mentions of a prompt (paths only: an e-mail address is not a mention). */
export function mentionsIn(text: string): string[] {
  const found = new Set<string>();
  // `@"a path with spaces"` as written whole, or `@path` up to the next space.
  for (const match of text.matchAll(/(^|\s)@(?:"([^"]+)"|([^\s@"]+))/g)) {
    const path = match[2] ?? match[3]!.replace(/[.,;:!?)]+$/, "");
    if (path && !path.startsWith("/") && !path.split("/").includes("..")) found.add(path);
  }
  return [...found];
}

/**
 * "!git status" → "git status": a message starting with `!` is a shell command, as in opencode's
 * TUI (the `!` dropped, the rest trimmed); null when it is not one or nothing follows the `!`.
 */
export function shellCommand(text: string): string | null {
  const trimmed = text.trim();
  if (!trimmed.startsWith("!")) return null;
  const command = trimmed.slice(1).trim();
  return command === "" ? null : command;
}

/** How a message goes out: `!` runs in the shell, a known `/command` as that command, else as a prompt. */
export type HowSent =
  | { kind: "shell"; command: string }
  | { kind: "command"; command: string; arguments: string }
  | { kind: "prompt" };

/** Files go only with a prompt, so a message with files is one; a `/name` OpenCode does not know is one too. */
export function howSent(text: string, files: number, commands: readonly { name: string }[]): HowSent {
  if (files > 0) return { kind: "prompt" };
  const shell = shellCommand(text);
  if (shell) return { kind: "shell", command: shell };
  const command = parseSlashCommand(text);
  if (command && commands.some((c) => c.name === command.command)) return { kind: "command", ...command };
  return { kind: "prompt" };
}
