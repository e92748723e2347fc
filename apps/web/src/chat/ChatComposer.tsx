// The foot of the conversation: the note while an earlier prompt is being edited, and the composer
// with the workbench's pickers, `@` files and `/` commands, and the prompts recalled with ↑.
import type { ModelsResponse } from "@turnkey/contracts";
import { useCallback, useMemo } from "react";
import { api } from "../shared/api.ts";
import { Composer } from "./Composer.tsx";
import { type ConversationAction, type MessageView, messageText } from "./conversation.ts";
import { EditingBar } from "./EditingBar.tsx";
import { ReviewTray } from "./review/ReviewTray.tsx";
import { isEdit, type ReviewComments } from "./review/useReviewComments.ts";
import type { useModelSetting } from "./useModelSetting.ts";
import type { usePromptEdit } from "./usePromptEdit.ts";
import type { useSender } from "./useSender.ts";
import { WorkbenchPickers } from "./WorkbenchPickers.tsx";
import { shellCommand } from "./workbench/composerTokens.ts";
import type { Workbench } from "./workbench/useWorkbench.ts";

/** The review comments beside the box, as the line under it needs them. */
interface ReviewState {
  /** Added, waiting for the next prompt. */
  added: number;
  /** Drafts waiting beside the box (their form closed): new comments, and changes to added ones. */
  notAdded: number;
  changes: number;
}

/**
 * What the review comments will do with what the box holds now, when it is not simply "they go":
 * why added ones wait, and that drafts beside the box do not go until added.
 */
function reviewNote(review: ReviewState, draft: string, editing: boolean, how: "prompt" | "other", taken: boolean) {
  const { added, notAdded, changes } = review;
  const wait =
    added === 1 ? "The review comment waits for your next message." : "The review comments wait for your next message.";
  const why = (() => {
    if (added === 0) return "";
    if (editing) return `${wait} An edited prompt goes without them: the edit undoes the changes they may quote.`;
    if (taken || draft.trim() === "") return "";
    if (shellCommand(draft)) return wait;
    if (draft.trim().startsWith("/")) return `This runs as a command, without the review comments. ${wait}`;
    return `A lone ! goes as a message of its own (with the comments after it, it would run in the shell). ${wait}`;
  })();
  // Only where this message takes comments does it matter that some are not added yet.
  const goes = how === "prompt" && !editing && (draft.trim() !== "" || added > 0);
  const left = [
    goes && notAdded > 0
      ? notAdded === 1
        ? "A comment not added yet (beside the box) stays behind: add it to send it with this message."
        : `${notAdded} comments not added yet (beside the box) stay behind: add them to send them with this message.`
      : "",
    goes && changes > 0
      ? changes === 1
        ? "A change not saved to an added comment stays behind: that comment goes as it was."
        : `${changes} changes not saved to added comments stay behind: those comments go as they were.`
      : "",
  ];
  const note = [why, ...left].filter((part) => part !== "").join(" ");
  return note === "" ? null : note;
}

function waitingReview(review: ReviewComments): ReviewState {
  const beside = review.drafts.filter((d) => d.id !== review.open?.id);
  const changes = beside.filter((d) => isEdit(d.target)).length;
  return { added: review.comments.length, notAdded: beside.length - changes, changes };
}

export function ChatComposer(props: {
  selected: string | null;
  messages: readonly MessageView[];
  outbox: ReturnType<typeof useSender>;
  edit: ReturnType<typeof usePromptEdit>;
  workbench: Workbench;
  models: ModelsResponse | null;
  modelSetting: ReturnType<typeof useModelSetting>;
  busy: boolean;
  /** OpenCode runs or is starting (or its state is not known yet): its agents and models are on their way. */
  openCodeUp: boolean;
  onStop: () => void;
  dispatch: (action: ConversationAction) => void;
  /** Opens the Providers view, from the model picker. */
  onProviders?: () => void;
}) {
  const { selected, outbox, edit, workbench, dispatch } = props;
  const { model, setModel, needsModelChoice } = props.modelSetting;
  const findFiles = useCallback(
    (query: string) => (selected ? api.findFiles(selected, query) : Promise.resolve([])),
    [selected],
  );
  // Recalled with ↑; a long session has a thousand prompts, so not read again on every keystroke.
  const history = useMemo(() => props.messages.filter((m) => m.role === "user").map(messageText), [props.messages]);
  return (
    <>
      {edit.editing && (
        <EditingBar
          keptDraft={edit.editing.aside.draft !== ""}
          filesTracked={workbench.filesTracked}
          sending={edit.sending}
          onCancel={edit.cancel}
        />
      )}
      <Composer
        draft={outbox.draft}
        onDraft={outbox.setDraft}
        onSend={() => {
          if (edit.editing) void edit.send();
          else if (!needsModelChoice && outbox.sendDraft() && selected && workbench.state.revert)
            // opencode drops undone turns when the next prompt comes; so does the list.
            dispatch({ type: "cut", sessionID: selected, from: workbench.state.revert.messageID });
        }}
        onStop={props.onStop}
        busy={props.busy}
        sending={outbox.sending}
        canSend={!needsModelChoice && outbox.held === null}
        models={props.models}
        model={model}
        onModel={setModel}
        pickers={
          // The plain model list (the models last read) stands in when OpenCode's agents and models
          // cannot come: OpenCode stopped, or their read failed.
          workbench.catalogFailed || (!workbench.catalog && !props.openCodeUp) ? undefined : (
            <WorkbenchPickers
              workbench={workbench}
              onModel={(ref) => setModel(`${ref.providerID}/${ref.modelID}`)}
              {...(props.onProviders ? { onProviders: props.onProviders } : {})}
            />
          )
        }
        attachments={outbox.attachments}
        onAttach={outbox.attach}
        onRemoveAttachment={outbox.removeAttachment}
        suggestions={{ commands: workbench.catalog?.commands ?? [], findFiles: selected ? findFiles : null }}
        history={history}
        review={{
          tray: <ReviewTray key={selected ?? "new"} review={outbox.review} />,
          count: outbox.review.comments.length,
          note: reviewNote(
            waitingReview(outbox.review),
            outbox.draft,
            edit.editing !== null,
            outbox.goesAsPrompt() ? "prompt" : "other",
            outbox.takesComments(),
          ),
        }}
      />
    </>
  );
}
