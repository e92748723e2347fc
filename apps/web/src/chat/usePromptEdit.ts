// Edit and resend an earlier prompt. "Edit" puts the prompt's text and attached files in the
// composer; sending then undoes the chat from that prompt on (opencode's revert, the panel's Undo:
// the files on disk too) and sends the edited text, which opencode answers in the undone turns'
// place (it drops them when the next prompt comes). Cancel leaves the chat as it was. What was in
// the composer before is set aside, never overwritten, and comes back after Cancel or the send.
// A `!` shell command's turn comes back as the `!command` typed (shellTurn.ts).
import { useRef, useState } from "react";
import { type MessageView, messageText } from "./conversation.ts";
import { saveDraft } from "./drafts.ts";
import { restoreUnsent } from "./outbox.ts";
import { typedShellCommand } from "./shellTurn.ts";
import type { Attachment } from "./workbench/attachments.ts";

export interface PromptEditing {
  sessionID: string;
  messageID: string;
  /** The composer's text and files before Edit, back when the edit ends. */
  aside: { draft: string; attachments: Attachment[] };
}

/** The files a prompt carried (attachments, not `@` mentions, which its text names again). */
export function attachmentsOf(message: MessageView): Attachment[] {
  return message.parts.flatMap((p) =>
    p.type === "file" && p.url?.startsWith("data:")
      ? [
          {
            id: `edit-${p.id}`,
            mime: p.mime,
            filename: p.filename ?? "file",
            url: p.url,
            size: Math.floor((p.url.length * 3) / 4),
          },
        ]
      : [],
  );
}

export const cannotEditWhileReplying =
  "A prompt cannot be edited while OpenCode is replying. Wait for the reply to finish, or Stop it, then choose Edit again.";

export function usePromptEdit(options: {
  selected: string | null;
  busy: boolean;
  /** Nothing else is on its way (a message sending or held): the edit would otherwise not go out. */
  canSend: boolean;
  messages: readonly MessageView[];
  composer: {
    draft: string;
    setDraft: (text: string) => void;
    attachments: Attachment[];
    setAttachments: (attachments: Attachment[]) => void;
    /** Files into a chat's box, open or not (`replace`: instead of what it holds). */
    putBackAttachments: (sessionID: string, files: Attachment[], replace?: boolean) => void;
    /** `comments: false`: the review comments wait (an edit undoes the changes they may quote). */
    sendDraft: (options?: { comments?: boolean }) => boolean;
  };
  /** Undo from the prompt on; false when it did not happen (the reason is shown). */
  revert: (messageID: string) => Promise<boolean>;
  /** opencode dropped the undone messages: the conversation lets go of them too. */
  cut: (sessionID: string, from: string) => void;
  onProblem: (message: string | null) => void;
}) {
  const { selected, busy, composer, onProblem } = options;
  const [editing, setEditing] = useState<PromptEditing | null>(null);
  const [sending, setSending] = useState(false);
  // The composer of the latest render: the box stays editable while the undo runs (seconds on a
  // large project), and the send after it must take what is in the box then, not at Enter.
  const latest = useRef(composer);
  latest.current = composer;
  const selectedNow = useRef(selected);
  selectedNow.current = selected;

  const start = (messageID: string) => {
    if (busy) return onProblem(cannotEditWhileReplying);
    const message = options.messages.find((m) => m.id === messageID && m.role === "user");
    if (!selected || !message)
      return onProblem("That prompt is no longer in this chat. Open the chat again to edit it.");
    // A `!` command's turn is edited as the command typed, so sending runs it in the shell again.
    const shell = typedShellCommand(options.messages, message);
    if (shell === "")
      return onProblem("OpenCode did not keep this shell command. Type it again with ! in front to run it.");
    const aside = editing?.aside ?? { draft: composer.draft, attachments: composer.attachments };
    setEditing({ sessionID: selected, messageID, aside });
    composer.setDraft(shell ?? messageText(message));
    composer.setAttachments(attachmentsOf(message));
    onProblem(null);
    document.getElementById("prompt")?.focus();
  };

  const putBack = (edit: PromptEditing) => {
    composer.setDraft(edit.aside.draft);
    composer.setAttachments(edit.aside.attachments);
  };

  const cancel = () => {
    if (!editing) return;
    setEditing(null);
    putBack(editing);
  };

  /** Another chat opens: the edit ends there and the left chat's own unsent text and files are its box again. */
  const leave = () => {
    if (!editing) return;
    setEditing(null);
    saveDraft(editing.sessionID, editing.aside.draft);
    composer.putBackAttachments(editing.sessionID, editing.aside.attachments, true);
  };

  const send = async () => {
    if (!editing || sending) return;
    if (busy) return onProblem(cannotEditWhileReplying);
    if (!options.canSend)
      return onProblem("Another message is still on its way. Send the edited prompt once it has gone.");
    if (composer.draft.trim() === "" && composer.attachments.length === 0)
      return onProblem("The edited prompt is empty. Type what to send instead, or Cancel the edit.");
    setSending(true);
    try {
      if (!(await options.revert(editing.messageID))) return; // the edit stays, with the reason shown
      options.cut(editing.sessionID, editing.messageID);
      // Another chat opened during the undo: the send would go to it (the outbox sends to the chat
      // open now). The edited text and its files go back to their own chat's box, unsent.
      if (selectedNow.current !== editing.sessionID) {
        saveDraft(editing.sessionID, restoreUnsent(composer.draft, editing.aside.draft));
        composer.putBackAttachments(editing.sessionID, composer.attachments);
        return onProblem(
          "The edited prompt was not sent because another chat was opened while its chat was undone: it is back in that chat's message box, with its files.",
        );
      }
      const edited = latest.current.draft;
      const sent = latest.current.sendDraft({ comments: false });
      setEditing(null);
      if (sent) return putBack(editing);
      // Nothing typed or attached is lost: the edited prompt stays, in front of what was set aside.
      composer.setDraft(restoreUnsent(edited, editing.aside.draft));
      composer.putBackAttachments(
        editing.sessionID,
        [...latest.current.attachments, ...editing.aside.attachments],
        true,
      );
      onProblem(
        "The edited prompt could not go out, so the chat stays undone from it. Send it again, or Redo in the panel.",
      );
    } finally {
      setSending(false);
    }
  };

  return { editing, sending, start, cancel, leave, send };
}
