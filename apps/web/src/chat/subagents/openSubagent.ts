// How a `task` tool call, deep in the message list, opens its subagent's chat: the chat window
// provides the opener through context, so the rows between need no new props (and a list shown
// without one, like a test's, shows no button).
import { createContext } from "react";

export type OpenSubagent = (childSessionID: string, title: string) => void;
export const OpenSubagentContext = createContext<OpenSubagent | null>(null);
