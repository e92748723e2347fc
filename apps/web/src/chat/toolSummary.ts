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

const verbs: Record<string, [running: string, done: string, infinitive: string]> = {
  bash: ["Running", "Ran", "run"],
  read: ["Reading", "Read", "read"],
  edit: ["Editing", "Edited", "edit"],
  multiedit: ["Editing", "Edited", "edit"],
  write: ["Writing", "Wrote", "write"],
  patch: ["Patching", "Patched", "patch"],
  apply_patch: ["Patching", "Patched", "patch"],
  grep: ["Searching for", "Searched for", "search for"],
  glob: ["Finding", "Found", "find"],
  list: ["Listing", "Listed", "list"],
  webfetch: ["Fetching", "Fetched", "fetch"],
  websearch: ["Searching the web for", "Searched the web for", "search the web for"],
  task: ["Delegating", "Delegated", "delegate"],
  todowrite: ["Updating", "Updated", "update"],
  todoread: ["Reading", "Read", "read"],
};

/**
 * The verb for where the call is: going on, done, or ended without doing it. A call the person
 * denied did not happen ("Did not run rm -f …"), one that failed was tried: "Ran rm -f …" for
 * either read as if the file were gone.
 */
function verbOf(part: ToolPart): string | undefined {
  const forms = verbs[part.tool];
  if (!forms) return undefined;
  const [running, done, infinitive] = forms;
  if (part.state.status === "completed") return done;
  if (part.state.status !== "error") return running;
  return refusedByUser(part) ? `Did not ${infinitive}` : `Tried to ${infinitive}`;
}

export function summarizeTool(part: ToolPart, root?: string): ToolSummary {
  const { tool, state } = part;
  const verb = verbOf(part);
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
export function refusedByUser(part: ToolPart): "dismissed" | "denied" | "blocked" | null {
  const error = part.state.status === "error" ? (part.state.error ?? "") : "";
  if (/^The user dismissed this question/i.test(error)) return "dismissed";
  if (/^The user rejected permission/i.test(error)) return "denied";
  // A `deny` rule of the person's config answered for them: the call never ran either.
  if (/^The user has specified a rule which prevents/i.test(error)) return "blocked";
  return null;
}
