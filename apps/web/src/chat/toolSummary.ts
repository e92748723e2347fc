// What a tool call did, in the words a person would use ("Ran npm test", "Read src/app.ts"),
// from the tool's name and input. Never raw JSON: an unknown tool shows its name and the first
// plain value of its input.
import type { ChatPart } from "@turnkey/contracts";

export type ToolPart = Extract<ChatPart, { type: "tool" }>;

export interface ToolSummary {
  /** The verb: "Ran", "Read", "Edited"… */
  action: string;
  /** What it acted on: a command, a file name, a pattern. */
  target: string;
  /** Shown as code (commands, patterns) or as a path. */
  kind: "command" | "path" | "text";
}

function field(input: unknown, ...names: string[]): string | null {
  if (!input || typeof input !== "object") return null;
  for (const name of names) {
    const value = (input as Record<string, unknown>)[name];
    if (typeof value === "string" && value.trim() !== "") return value;
  }
  return null;
}

/** A path as the reader knows it: relative to the project when it is inside it. */
export function shortPath(path: string, root?: string): string {
  if (root && path.startsWith(`${root}/`)) return path.slice(root.length + 1);
  return path;
}

const verbs: Record<string, [running: string, done: string]> = {
  bash: ["Running", "Ran"],
  read: ["Reading", "Read"],
  edit: ["Editing", "Edited"],
  multiedit: ["Editing", "Edited"],
  write: ["Writing", "Wrote"],
  patch: ["Patching", "Patched"],
  apply_patch: ["Patching", "Patched"],
  grep: ["Searching for", "Searched for"],
  glob: ["Finding", "Found"],
  list: ["Listing", "Listed"],
  webfetch: ["Fetching", "Fetched"],
  websearch: ["Searching the web for", "Searched the web for"],
  task: ["Delegating", "Delegated"],
  todowrite: ["Updating", "Updated"],
  todoread: ["Reading", "Read"],
};

export function summarizeTool(part: ToolPart, root?: string): ToolSummary {
  const { tool, state } = part;
  const done = state.status === "completed" || state.status === "error";
  const verb = verbs[tool]?.[done ? 1 : 0];
  const input = state.input;
  switch (tool) {
    case "bash":
      return { action: verb!, target: field(input, "command") ?? state.title ?? "a command", kind: "command" };
    case "read":
    case "edit":
    case "multiedit":
    case "write":
    case "list": {
      const path = field(input, "filePath", "path");
      return { action: verb!, target: path ? shortPath(path, root) : (state.title ?? "a file"), kind: "path" };
    }
    case "grep":
    case "glob":
      return { action: verb!, target: field(input, "pattern") ?? state.title ?? "files", kind: "command" };
    case "webfetch":
      return { action: verb!, target: field(input, "url") ?? "a page", kind: "path" };
    case "todowrite":
    case "todoread":
      return { action: verb!, target: "the todo list", kind: "text" };
    default: {
      const target = state.title ?? field(input, "description", "filePath", "path", "pattern", "query", "url") ?? "";
      return { action: verb ?? tool, target, kind: "text" };
    }
  }
}

/** Long output starts folded: more than this many lines. */
export const foldOutputLines = 12;

export function outputLines(output: string): number {
  let lines = 1;
  for (let i = 0; i < output.length; i++) if (output.charCodeAt(i) === 10) lines++;
  return lines;
}

/**
 * A call that ended because the person said no (dismissed OpenCode's question, denied its
 * permission): not a failure, so not shown in red. opencode says so in the error's words.
 */
export function refusedByUser(part: ToolPart): "dismissed" | "denied" | null {
  const error = part.state.status === "error" ? (part.state.error ?? "") : "";
  if (/^The user dismissed this question/i.test(error)) return "dismissed";
  if (/^The user rejected permission/i.test(error)) return "denied";
  return null;
}
