// "OpenCode is waiting for you": everything the open session waits on, from the backend's one
// list: permission requests (a tool wants to run) and questions. Shown after the messages; it
// empties itself when the request is answered here or in any other window.
import type { PendingRequest } from "@turnkey/contracts";
import { PermissionPrompt } from "../MessageList.tsx";
import { QuestionCard } from "./QuestionCard.tsx";

export function WaitingCard(props: {
  pending: PendingRequest[];
  onPermission: (id: string, response: "once" | "always" | "reject") => void;
  onAnswer: (requestID: string, answers: string[][]) => Promise<void>;
  onDismiss: (requestID: string) => Promise<void>;
}) {
  if (props.pending.length === 0) return null;
  return (
    <section className="waiting-card" aria-label="OpenCode is waiting for you">
      <p className="waiting-title">
        <strong>OpenCode is waiting for you.</strong>
      </p>
      {props.pending.map((request) =>
        request.kind === "permission" ? (
          <PermissionPrompt
            key={request.id}
            permission={request.permission}
            onReply={(response) => props.onPermission(request.id, response)}
          />
        ) : (
          <QuestionCard
            key={request.id}
            request={request.question}
            onAnswer={(answers) => props.onAnswer(request.id, answers)}
            onDismiss={() => props.onDismiss(request.id)}
          />
        ),
      )}
    </section>
  );
}
