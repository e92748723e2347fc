// Between the composer and OpenCode: the files attached to the next message, the typed text and
// held messages (useOutbox), and how a message is delivered: a new chat becomes a session of its
// project first, a known `/` command runs through opencode's command API, a `!` command through
// its session shell, anything else is a prompt with the workbench's choice (agent, model,
// variant), its attachments and `@` mentions, and the review comments waiting in the box.
import { TurnkeyApiError } from "@turnkey/client";
import { type ChatSession, parseSlashCommand } from "@turnkey/contracts";
import { useCallback, useRef } from "react";
import { api, errorMessage } from "../shared/api.ts";
import { useBoxAttachments } from "./boxAttachments.ts";
import { followLatest } from "./followBottom.ts";
import { type Delivery, useOutbox } from "./outbox.ts";
import { withComments } from "./review/reviewComments.ts";
import { useReviewComments } from "./review/useReviewComments.ts";
import { type Attachment, readAttachment, toInput } from "./workbench/attachments.ts";
import { howSent, mentionsIn } from "./workbench/composerTokens.ts";
import type { Workbench } from "./workbench/useWorkbench.ts";

export function useSender(options: {
  selected: string | null;
  live: boolean;
  projectId: string | undefined;
  workbench: Workbench;
  /** A new chat just became this session. */
  onCreated: (session: ChatSession) => void;
  /** Sets what the new chat allows without asking (chosen before it existed), before its first prompt. */
  adoptAllow?: (sessionID: string) => Promise<void>;
  onProblem: (message: string | null) => void;
}) {
  const { selected, live, workbench, onProblem } = options;
  const box = useBoxAttachments(selected);
  const review = useReviewComments(selected);
  const { attachments, setAttachments } = box;
  // Read when a message is delivered, which may be long after it was typed (held).
  const latest = useRef(options);
  latest.current = options;

  const attach = async (files: File[]) => {
    let count = attachments.length;
    for (const file of files) {
      try {
        const read = await readAttachment(file, count++);
        setAttachments((all) => [...all, read]);
        const info = workbench.modelInfo;
        if (read.mime.startsWith("image/") && info && !info.images)
          onProblem(`${info.name} does not take images, so it may not see ${read.filename}. Pick a model that does.`);
      } catch (error) {
        onProblem(errorMessage(error));
      }
    }
  };

  const deliver = useCallback(
    async (
      sessionID: string | null,
      text: string,
      files: Attachment[],
      projectId: string | undefined,
    ): Promise<Delivery> => {
      const { workbench, onCreated } = latest.current;
      let created: string | undefined;
      try {
        let id = sessionID;
        if (!id) {
          const { session } = await api.createSession(projectId ? { projectId } : {});
          id = session.id;
          created = id;
          onCreated(session);
          workbench.adopt(id);
          await latest.current.adoptAllow?.(id);
        }
        const choice = workbench.choice;
        const how = howSent(text, files.length, workbench.catalog?.commands ?? []);
        if (how.kind === "shell") {
          await api.shell(id, {
            command: how.command,
            ...(choice.agent ? { agent: choice.agent } : {}),
            ...(choice.model ? { model: choice.model } : {}),
          });
        } else if (how.kind === "command") {
          await api.runCommand(id, { command: how.command, arguments: how.arguments, ...choice });
        } else {
          const mentions = mentionsIn(text);
          await api.prompt(id, {
            text,
            ...choice,
            ...(files.length ? { files: files.map(toInput) } : {}),
            ...(mentions.length ? { mentions } : {}),
          });
        }
        return { sent: id };
      } catch (error) {
        if (error instanceof TurnkeyApiError && error.code === "sidecar_unavailable") return "hold";
        // No answer at all (the backend went away under the call): it may have arrived, or not.
        // The text goes back to the box of the chat made for it, which is the one shown now.
        const to = created ? { created } : {};
        if (error instanceof TurnkeyApiError && error.code === "backend_unreachable")
          return { unconfirmed: "The backend could not be reached, so the message may not have gone out.", ...to };
        // The backend stopped waiting, but OpenCode may have received it: not "failed".
        if (error instanceof TurnkeyApiError && (error.code === "sidecar_timeout" || error.code === "backend_timeout"))
          return { unconfirmed: error.message, ...to };
        return { failed: errorMessage(error), ...to };
      }
    },
    [],
  );

  /**
   * Would `text` go out as a prompt (not a `!` or known `/` command)? While the chat's commands are
   * not known yet, a `/name` may be one: not a prompt, so comments wait rather than becoming its
   * arguments once the list arrives (the delivery decides with the list then).
   */
  const asPrompt = (text: string): boolean =>
    !(workbench.catalog === null && parseSlashCommand(text)) &&
    howSent(text, attachments.length, workbench.catalog?.commands ?? []).kind === "prompt";
  /** The text with the waiting review comments, when that still goes out as a prompt; else null. */
  const withReview = (text: string): string | null => {
    if (review.comments.length === 0) return null;
    const folded = withComments(text, review.comments);
    // Checked on the text as it would go: "!" alone is a prompt, but "!" and the comments would run in the shell.
    return asPrompt(folded) ? folded : null;
  };

  const outbox = useOutbox({
    selected,
    projectId: options.projectId,
    live,
    deliver,
    restoreAttachments: box.putBack,
    onProblem,
  });

  return {
    ...outbox,
    attachments,
    attach: (files: File[]) => void attach(files),
    removeAttachment: (id: string) => setAttachments((all) => all.filter((a) => a.id !== id)),
    /** The composer's attachments replaced (an earlier prompt's back for editing, or set aside). */
    setAttachments,
    /** Files back into a chat's box, the open one or another (`replace`: instead of its own). */
    putBackAttachments: box.putBack,
    /** Opening another chat: its own text and files in the box. */
    switchTo: (sessionID: string | null) => {
      outbox.switchTo(sessionID);
      box.switchTo(sessionID);
    },
    /** The review comments waiting in the box: they go with the next prompt. */
    review,
    /** Would the box's text go out as a prompt (not a `!` or known `/` command)? */
    goesAsPrompt: () => asPrompt(outbox.draft),
    /** Would the box's text take the waiting review comments (it goes out as a prompt)? */
    takesComments: () => withReview(outbox.draft) !== null,
    /**
     * The box's text with the attached files and, when it goes as a prompt, the review comments:
     * they leave the composer with it (held or sent). A `!` or `/` command leaves the comments waiting.
     */
    sendDraft: (options: { comments?: boolean } = {}): boolean => {
      const folded = options.comments === false ? null : withReview(outbox.draft);
      const sent = outbox.send(folded ?? outbox.draft, attachments, true);
      if (sent) {
        setAttachments([]);
        followLatest();
      }
      if (sent && folded !== null) review.take();
      return sent;
    },
  };
}
