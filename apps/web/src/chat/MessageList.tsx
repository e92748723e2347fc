// The conversation: the user's prompts, the replies as markdown, tool calls as one compact line
// with their state, and inline permission requests.
import type { ChatPart } from "@turnkey/contracts";
import { useEffect, useRef } from "react";
import type { Conversation, MessageView, PendingPermission } from "./conversation.ts";
import { Markdown } from "./Markdown.tsx";

const toolStateNames = { pending: "queued", running: "running", completed: "done", error: "failed" } as const;

function ToolCall({ part }: { part: Extract<ChatPart, { type: "tool" }> }) {
  const detail = part.state.title ?? (typeof part.state.input === "object" ? JSON.stringify(part.state.input) : "");
  return (
    <details className={`tool tool-${part.state.status}`}>
      <summary>
        <span className="tool-name">{part.tool}</span> <span className="tool-detail">{detail}</span>{" "}
        <span className="tool-state">{toolStateNames[part.state.status]}</span>
      </summary>
      {part.state.output && <pre className="tool-output">{part.state.output}</pre>}
      {part.state.error && <pre className="tool-output tool-error">{part.state.error}</pre>}
    </details>
  );
}

function Message({ message }: { message: MessageView }) {
  const visible = message.parts.filter((p) => p.type !== "other" && !(p.type === "text" && p.text === ""));
  return (
    <article className={`message message-${message.role}`} aria-label={message.role === "user" ? "You" : "OpenCode"}>
      {visible.map((part) => {
        if (part.type === "tool") return <ToolCall key={part.id} part={part} />;
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
            <Markdown key={part.id} text={part.text} />
          );
        return null;
      })}
      {message.error && message.error.name !== "MessageAbortedError" && (
        <p className="inline-error">{message.error.message}</p>
      )}
      {message.error?.name === "MessageAbortedError" && <p className="muted small">Stopped.</p>}
    </article>
  );
}

export function PermissionPrompt(props: {
  permission: PendingPermission;
  onReply: (response: "once" | "always" | "reject") => void;
}) {
  const { permission } = props;
  return (
    <section className="permission" aria-label="Permission request">
      <p>
        OpenCode asks to use <strong>{permission.permission}</strong>
        {permission.patterns.length > 0 && (
          <>
            : <code>{permission.patterns.join(", ")}</code>
          </>
        )}
      </p>
      <div className="actions">
        <button type="button" className="primary" onClick={() => props.onReply("once")}>
          Allow once
        </button>
        <button type="button" className="secondary" onClick={() => props.onReply("always")}>
          Always allow
        </button>
        <button type="button" className="danger" onClick={() => props.onReply("reject")}>
          Deny
        </button>
      </div>
    </section>
  );
}

export function MessageList(props: {
  conversation: Conversation;
  onPermission: (id: string, response: "once" | "always" | "reject") => void;
}) {
  const end = useRef<HTMLDivElement>(null);
  const { conversation } = props;
  useEffect(() => {
    end.current?.scrollIntoView?.({ block: "end" });
  });
  return (
    <div className="messages" aria-live="polite" aria-busy={conversation.busy}>
      {conversation.messages.length === 0 && <p className="muted empty">Ask OpenCode anything about your project.</p>}
      {conversation.messages.map((m) => (
        <Message key={m.id} message={m} />
      ))}
      {conversation.permissions.map((p) => (
        <PermissionPrompt key={p.id} permission={p} onReply={(response) => props.onPermission(p.id, response)} />
      ))}
      {conversation.busy && conversation.permissions.length === 0 && (
        <p className="muted small working">{conversation.retry ?? "OpenCode is working…"}</p>
      )}
      <div ref={end} />
    </div>
  );
}
