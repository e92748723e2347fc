// "Export as Markdown": the open chat, as the window shows it (undone turns left out), saved as a
// file named after the chat.
import type { ChatSession } from "@turnkey/contracts";
import type { MessageView } from "../conversation.ts";
import { chatMarkdown, downloadMarkdown, exportFileName } from "./chatMarkdown.ts";

export function exportChat(chat: ChatSession, messages: readonly MessageView[], now = new Date()): void {
  downloadMarkdown(exportFileName(chat.title), chatMarkdown(chat, messages, now));
}
