// Under each message: Copy (the prompt as typed, or the reply's markdown) and, under a reply,
// "Branch from here": a new chat holding the conversation up to and including that reply, to try
// another way without losing this one (opencode's fork). Shown on hover or keyboard focus only.
import { CopyButton } from "./CodeBlock.tsx";
import { type MessageView, messageText } from "./conversation.ts";

export function MessageTools(props: { message: MessageView; onBranch: ((messageID: string) => void) | null }) {
  const { message, onBranch } = props;
  const text = messageText(message);
  if (!text && !onBranch) return null;
  return (
    <div className="message-tools">
      {text && <CopyButton text={text} label={message.role === "user" ? "Copy prompt" : "Copy reply"} />}
      {onBranch && message.role === "assistant" && message.completedAt !== null && (
        <button type="button" className="icon" onClick={() => onBranch(message.id)}>
          Branch from here
        </button>
      )}
    </div>
  );
}
