// One message of the conversation: the user's prompt as typed, a reply as markdown with its tool
// calls, and how a reply ended when it did not finish: failed (the reason and Retry), cut by a
// restart of OpenCode (Resume), or stopped by the user; under a reply, what it used.
import { memo } from "react";
import type { MessageView } from "./conversation.ts";
import { Markdown } from "./Markdown.tsx";
import "./messages.css";
import { MessageTools } from "./MessageTools.tsx";
import { replyFailureAdvice } from "./replyFailure.ts";
import { ToolCall } from "./ToolCall.tsx";
import { AttachedFile } from "./workbench/AttachedFile.tsx";
import { ReplyUsage } from "./workbench/ReplyUsage.tsx";

export interface MessageActions {
  onRetry: (messageID: string) => void;
  onResume: (messageID: string) => void;
  /** A new chat with the conversation up to and including this reply. */
  onBranch?: (messageID: string) => void;
  /** This prompt back into the composer, to send changed in its place. */
  onEdit?: (messageID: string) => void;
}

export const Message = memo(function Message(props: {
  message: MessageView;
  /** A restart of OpenCode cut this turn. */
  interrupted: boolean;
  /** A prompt OpenCode has not read: held until the reply before it ends, or left when that reply ended it (conversation.ts promptsAwaiting). */
  awaiting?: "queued" | "unanswered" | undefined;
  /** Only the last turn offers Retry and Resume. */
  last: boolean;
  /** OpenCode is not running: nothing can be sent from here. */
  readOnly: boolean;
  actions: MessageActions;
}) {
  const { message, interrupted, last } = props;
  const visible = message.parts.filter((p) => p.type !== "other" && !(p.type === "text" && p.text === ""));
  const failed = message.error && message.error.name !== "MessageAbortedError" && !interrupted;
  const stopped = message.error?.name === "MessageAbortedError" && !interrupted;
  if (visible.length === 0 && !message.error && !interrupted) return null;
  const canAct = last && !props.readOnly;
  // Send again sends a prompt's text (as Retry does); one with files goes back through Edit instead.
  const withFiles = message.parts.some((p) => p.type === "file");
  const advice = failed && message.error ? replyFailureAdvice(message.error, message.model) : null;
  return (
    <article
      className={`message message-${message.role}${props.awaiting ? " message-queued" : ""}`}
      aria-label={message.role === "user" ? "You" : "OpenCode"}
    >
      {visible.map((part) => {
        if (part.type === "tool") return <ToolCall key={part.id} part={part} />;
        if (part.type === "file") return <AttachedFile key={part.id} part={part} />;
        if (part.type === "reasoning")
          return (
            <details key={part.id} className="reasoning">
              <summary>Thinking</summary>
              <p>{part.text}</p>
            </details>
          );
        if (part.type === "text")
          return message.role === "user" ? (
            <p key={part.id} className="user-text">
              {part.text}
            </p>
          ) : (
            <Markdown key={part.id} id={part.id} text={part.text} />
          );
        return null;
      })}
      {failed && (
        <div className="reply-end reply-failed">
          <p>
            <strong>The reply failed.</strong> {message.error?.message}
          </p>
          {advice && <p className="small">{advice}</p>}
          {canAct && (
            <button type="button" className="small" onClick={() => props.actions.onRetry(message.id)}>
              Retry
            </button>
          )}
        </div>
      )}
      {interrupted && (
        <div className="reply-end reply-interrupted">
          <p>
            <strong>Interrupted.</strong> OpenCode restarted while {message.role === "user" ? "starting" : "writing"}{" "}
            this reply.
          </p>
          {canAct && (
            <button type="button" className="small" onClick={() => props.actions.onResume(message.id)}>
              Resume
            </button>
          )}
        </div>
      )}
      {stopped && <p className="muted small">Stopped.</p>}
      {props.awaiting === "queued" && (
        <p className="muted small" role="note">
          Queued: OpenCode reads it once the reply above ends (answer what it asks first, if it asks).
        </p>
      )}
      {props.awaiting === "unanswered" && (
        <div className="reply-end">
          <p className="small" role="note">
            Not answered: the reply above ended (a dismissed question, a denied permission or a stop ends it) before
            OpenCode read this.
            {withFiles && " Edit puts it back in the box with its files, to send again."}
          </p>
          {canAct && !withFiles && (
            <button type="button" className="small" onClick={() => props.actions.onRetry(message.id)}>
              Send again
            </button>
          )}
        </div>
      )}
      <div className="message-foot">
        {message.role === "assistant" && <ReplyUsage usage={message.usage} />}
        <MessageTools
          message={message}
          onBranch={props.readOnly ? null : (props.actions.onBranch ?? null)}
          onEdit={props.readOnly ? null : (props.actions.onEdit ?? null)}
        />
      </div>
    </article>
  );
});
