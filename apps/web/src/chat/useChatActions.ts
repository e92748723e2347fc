// What the chat window does on a user's word that is not typing: send a turn's prompt again
// (retry, resume after a restart), branch a chat from a reply, stop a reply, start OpenCode.
import type { ChatSession } from "@turnkey/contracts";
import { useState } from "react";
import { api, errorMessage } from "../shared/api.ts";
import { branchCut, type Conversation, promptOfTurn } from "./conversation.ts";

export function useChatActions(options: {
  selected: string | null;
  conversation: Conversation;
  send: (text: string) => unknown;
  select: (id: string | null) => void;
  addSession: (session: ChatSession) => void;
  onProblem: (message: string | null) => void;
}) {
  const { selected, conversation, send, select, addSession, onProblem } = options;
  const [starting, setStarting] = useState(false);

  const resend = (messageID: string, kind: "retry" | "resume") => {
    const prompt = promptOfTurn(conversation, messageID);
    const cut = conversation.messages.find((m) => m.id === messageID);
    const hasReply = cut?.role === "assistant" && cut.parts.some((p) => p.type !== "other");
    if (kind === "resume" && hasReply)
      send("Your previous reply was cut off by a restart. Continue where you stopped.");
    else if (prompt) send(prompt);
  };

  const branch = (replyID: string) => {
    if (!selected) return;
    const cut = branchCut(conversation.messages, replyID);
    if (!cut) return onProblem("That reply is no longer in this chat. Open the chat again and branch from it there.");
    api.fork(selected, cut.before).then(
      (session) => {
        addSession(session);
        select(session.id);
      },
      (e) => onProblem(errorMessage(e)),
    );
  };

  const stop = () => {
    if (selected) api.abort(selected).catch((e) => onProblem(errorMessage(e)));
  };

  const start = async () => {
    setStarting(true);
    try {
      await api.start();
    } catch (error) {
      onProblem(errorMessage(error));
    } finally {
      setStarting(false);
    }
  };

  return { resend, branch, stop, start, starting };
}
