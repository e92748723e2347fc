// How a `task` tool call, deep in the message list, opens its subagent's chat: the chat window
// provides the opener through context, so the rows between need no new props (and a list shown
// without one, like a test's, shows no button).
import { createContext } from "react";
import type { MessageView } from "../conversation.ts";
import { summarizeTool } from "../toolSummary.ts";

/** `title`: the task call's summary, or null (or "") when the messages shown do not name it. */
export type OpenSubagent = (childSessionID: string, title: string | null) => void;
export const OpenSubagentContext = createContext<OpenSubagent | null>(null);

/** What a subagent's chat is called: its `task` call's summary in the messages shown, if there. */
export function subagentTitle(messages: readonly MessageView[], childSessionID: string): string | null {
  for (const message of messages)
    for (const part of message.parts)
      if (part.type === "tool" && part.tool === "task" && part.state.childSessionID === childSessionID)
        return summarizeTool(part).target || null;
  return null;
}
