// A chat as a Markdown file a person can keep, share or paste into an issue: the prompts as typed,
// the replies' markdown as written, each tool call as one summarized line (a command's output and
// an edit's diff in fenced blocks), failures said in words. Pure, so it is tested on messages.
import type { ChatSession } from "@turnkey/contracts";
import { type MessageView, messageText } from "../conversation.ts";
import { outputLines, summarizeTool, type ToolPart } from "../toolSummary.ts";

/** Output past this many lines is cut in the file (the chat keeps it all). */
const maxOutputLines = 40;

/** A fence longer than any run of backticks in `text`, so the block cannot end early. */
function fenced(text: string, info = ""): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(longest + 1);
  return `${fence}${info}\n${text.replace(/\n$/, "")}\n${fence}`;
}

function cut(output: string): string {
  if (outputLines(output) <= maxOutputLines) return output;
  const lines = output.split("\n");
  return `${lines.slice(0, maxOutputLines).join("\n")}\n… (${lines.length - maxOutputLines} more lines)`;
}

function toolMarkdown(part: ToolPart, root: string): string {
  const { action, target, kind } = summarizeTool(part, root);
  const what = target === "" ? "" : kind === "text" ? ` ${target}` : ` ${inlineCode(target)}`;
  const status = part.state.status === "error" ? " (failed)" : part.state.status === "completed" ? "" : " (unfinished)";
  const lines = [`**${action}**${what}${status}`];
  if (part.state.diff) lines.push(fenced(part.state.diff.patch, "diff"));
  else if (part.tool === "bash" && part.state.output) lines.push(fenced(cut(part.state.output)));
  if (part.state.status === "error" && part.state.error) lines.push(`> ${part.state.error.replace(/\n/g, "\n> ")}`);
  return lines.join("\n\n");
}

function inlineCode(text: string): string {
  const single = text.replace(/\n/g, " ");
  const longest = Math.max(0, ...[...single.matchAll(/`+/g)].map((m) => m[0].length));
  const tick = "`".repeat(longest + 1);
  return longest > 0 ? `${tick} ${single} ${tick}` : `${tick}${single}${tick}`;
}

function messageMarkdown(message: MessageView, root: string): string {
  const blocks: string[] = [];
  const who =
    message.role === "user"
      ? "You"
      : `OpenCode${message.model ? ` (${[message.agent, message.model.modelID].filter(Boolean).join(", ")})` : ""}`;
  blocks.push(`## ${who}`);
  if (message.role === "user") {
    const text = messageText(message);
    if (text) blocks.push(text);
  }
  for (const part of message.parts) {
    if (part.type === "text" && message.role === "assistant" && part.text.trim() !== "") blocks.push(part.text);
    else if (part.type === "tool") blocks.push(toolMarkdown(part, root));
    else if (part.type === "file") blocks.push(`*Attached: ${part.filename ?? "a file"}*`);
  }
  if (message.error && message.error.name !== "MessageAbortedError")
    blocks.push(`*The reply failed: ${message.error.message}*`);
  else if (message.error) blocks.push("*Stopped.*");
  return blocks.join("\n\n");
}

export function chatMarkdown(
  session: Pick<ChatSession, "title" | "directory">,
  messages: readonly MessageView[],
  exportedAt: Date,
): string {
  const head = [
    `# ${session.title}`,
    `*Exported from OpenCode Turnkey on ${exportedAt.toISOString().slice(0, 16).replace("T", " ")} UTC. Project: ${inlineCode(session.directory)}.*`,
  ];
  const body = messages.map((m) => messageMarkdown(m, session.directory)).filter((m) => m.includes("\n\n"));
  return `${[...head, ...body].join("\n\n")}\n`;
}

/** The chat's title as a file name every system accepts. */
export function exportFileName(title: string): string {
  const safe = title
    .replace(/[<>:"/\\|?*]/g, " ")
    .replace(/\p{Cc}/gu, " ")
    .replace(/\s+/g, " ")
    .trim()
    .replace(/[. ]+$/, "")
    .slice(0, 100);
  // Windows reserves these names for devices, whatever the extension.
  const reserved = /^(con|prn|aux|nul|com\d|lpt\d)$/i.test(safe);
  return `${reserved ? `chat ${safe}` : safe || "chat"}.md`;
}

/** Hands the file to the browser as a download (the desktop window saves it like any download). */
export function downloadMarkdown(name: string, markdown: string): void {
  const url = URL.createObjectURL(new Blob([markdown], { type: "text/markdown;charset=utf-8" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
