// Under each message: Copy (the prompt as typed, or the reply's markdown) and, under a reply,
// "Branch from here": a new chat holding the conversation up to and including that reply, to try
// another way without losing this one (opencode's fork); under a prompt, "Edit" (back into the
// composer; sent, it replaces this prompt and what followed). Shown on hover or keyboard focus only.
import { CopyButton } from "./CodeBlock.tsx";
import { type MessageView, messageText } from "./conversation.ts";

export function MessageTools(props: {
  message: MessageView;
  onBranch: ((messageID: string) => void) | null;
  onEdit: ((messageID: string) => void) | null;
}) {
  const { message, onBranch, onEdit } = props;
  const text = messageText(message);
  if (!text && !onBranch && !onEdit) return null;
  return (
    <div className="message-tools">
      {text && <CopyButton text={text} label={message.role === "user" ? "Copy prompt" : "Copy reply"} />}
      {onEdit && message.role === "user" && (
        <button type="button" className="icon" aria-label="Edit prompt" onClick={() => onEdit(message.id)}>
          Edit
        </button>
      )}
      {onBranch && message.role === "assistant" && message.completedAt !== null && (
        <button type="button" className="icon" onClick={() => onBranch(message.id)}>
          Branch from here
        </button>
      )}
    </div>
  );
}
