// "OpenCode is waiting for you": everything the open session waits on, from the backend's one
// list: permission requests (a tool wants to run) and questions. Shown after the messages; it
// empties itself when the request is answered here or in any other window. A subagent's request
// (another session than the chat's) is labelled as such, with the way to that subagent's chat;
// its reply goes to that session.
import type { PendingRequest } from "@turnkey/contracts";
import { PermissionPrompt } from "../MessageList.tsx";
import { QuestionCard } from "./QuestionCard.tsx";

export function WaitingCard(props: {
  chatID: string;
  pending: PendingRequest[];
  onPermission: (request: PendingRequest, response: "once" | "always" | "reject") => void;
  onAnswer: (request: PendingRequest, answers: string[][]) => Promise<void>;
  onDismiss: (request: PendingRequest) => Promise<void>;
  /** Opens a subagent's chat read-only (the `task` call's "Open the subagent's chat"). */
  onOpenSubagent?: (sessionID: string) => void;
}) {
  if (props.pending.length === 0) return null;
  return (
    <section className="waiting-card" aria-label="OpenCode is waiting for you">
      <p className="waiting-title">
        <strong>OpenCode is waiting for you.</strong>
      </p>
      {props.pending.map((request) => (
        <div key={request.id} className="waiting-request">
          {request.sessionID !== props.chatID && (
            <p className="waiting-subagent">
              A subagent of this chat asks:{" "}
              {props.onOpenSubagent && (
                <button type="button" className="linkish" onClick={() => props.onOpenSubagent?.(request.sessionID)}>
                  Open the subagent's chat
                </button>
              )}
            </p>
          )}
          {request.kind === "permission" ? (
            <PermissionPrompt
              permission={request.permission}
              onReply={(response) => props.onPermission(request, response)}
            />
          ) : (
            <QuestionCard
              request={request.question}
              onAnswer={(answers) => props.onAnswer(request, answers)}
              onDismiss={() => props.onDismiss(request)}
            />
          )}
        </div>
      ))}
    </section>
  );
}
