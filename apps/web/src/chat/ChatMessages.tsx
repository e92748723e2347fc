// The conversation's list: the messages as the session panel's undo leaves them, what the agent
// waits for (the waiting card, with permissions and questions from the backend), and the actions
// under each message; a subagent's tool call opens its chat through the context.

import { api, errorMessage } from "../shared/api.ts";
import type { Conversation } from "./conversation.ts";
import type { Finder } from "./find/FindBar.tsx";
import type { JumpRequest } from "./jumpToMessage.ts";
import { MessageList } from "./MessageList.tsx";
import type { useWaiting } from "./projects/useWaiting.ts";
import { WaitingCard } from "./projects/WaitingCard.tsx";
import { OpenSubagentContext, subagentTitle } from "./subagents/openSubagent.ts";
import type { useSubagentView } from "./subagents/useSubagentView.ts";
import type { useChatActions } from "./useChatActions.ts";
import type { usePromptEdit } from "./usePromptEdit.ts";
import type { Workbench } from "./workbench/useWorkbench.ts";
import { visibleMessages } from "./workbench/workbenchState.ts";

export function ChatMessages(props: {
  selected: string | null;
  conversation: Conversation;
  workbench: Workbench;
  waiting: ReturnType<typeof useWaiting>;
  subagent: ReturnType<typeof useSubagentView>;
  actions: ReturnType<typeof useChatActions>;
  edit: ReturnType<typeof usePromptEdit>;
  live: boolean;
  /** The open chat's folder is not known yet: its waiting card would not know where to answer. */
  folderUnknown: boolean;
  finder: Finder;
  jump: JumpRequest | null;
  onProblem: (message: string) => void;
}) {
  const { selected, conversation, waiting, subagent, actions, onProblem } = props;
  return (
    <OpenSubagentContext.Provider value={subagent.open}>
      <MessageList
        conversation={{
          ...conversation,
          messages: visibleMessages(conversation.messages, props.workbench.state.revert),
          // Permissions show in the waiting card with the questions (one list, from the backend).
          permissions: [],
          busy: conversation.busy && !(selected && waiting.waitingSessions.has(selected)),
        }}
        replying={conversation.busy}
        readOnly={!props.live || subagent.view !== null}
        finder={props.finder}
        jumpTo={props.jump}
        actions={{
          onRetry: (id) => actions.resend(id, "retry"),
          onResume: (id) => actions.resend(id, "resume"),
          onBranch: actions.branch,
          onEdit: props.edit.start,
        }}
        onPermission={(id, response) => {
          if (selected) api.replyPermission(selected, id, response).catch((e) => onProblem(errorMessage(e)));
        }}
      >
        {selected && !props.folderUnknown && (
          <WaitingCard
            chatID={selected}
            pending={waiting.bySession.get(selected) ?? []}
            onPermission={(request, response) =>
              void api.replyPermission(request.sessionID, request.id, response).catch((e) => onProblem(errorMessage(e)))
            }
            onAnswer={async (request, answers) => {
              await api.replyQuestion(request.sessionID, request.id, answers);
            }}
            onDismiss={async (request) => {
              await api.rejectQuestion(request.sessionID, request.id);
            }}
            onOpenSubagent={(id) => subagent.open(id, subagentTitle(conversation.messages, id))}
          />
        )}
      </MessageList>
    </OpenSubagentContext.Provider>
  );
}
