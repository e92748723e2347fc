// A task's run steps as the backend's API does them. Worktrees are added from the chat the task
// was started in (its folder is the repository they branch off), whichever chat tries a run again.
import { api } from "../../shared/api.ts";
import { loadDraft, replaceDraft } from "../drafts.ts";
import { mentionsIn } from "../workbench/composerTokens.ts";
import type { GitPlace } from "./MultiRunDialog.tsx";
import type { RunSteps } from "./multiRun.ts";

export function runStepsFrom(fromSessionId: string): RunSteps {
  return {
    addWorktree: async (branch) => (await api.gitAddWorktree(fromSessionId, branch)).path,
    findWorktree: async (branch) =>
      (await api.gitWorktrees(fromSessionId)).worktrees.find((w) => w.branch === branch && !w.missing)?.path ?? null,
    createSession: async (directory, title, key) => {
      const { session } = await api.createSession({ directory, title, key });
      return { id: session.id, projectId: session.projectId };
    },
    keepChoice: async (sessionId, { model, agent }) => {
      await api.setPreferences(sessionId, { model, ...(agent ? { agent } : {}) });
    },
    hasPrompt: async (sessionId) => (await api.messages(sessionId)).some((m) => m.role === "user"),
    send: async (sessionId, text, { model, agent }) => {
      const mentions = mentionsIn(text);
      await api.prompt(sessionId, {
        text,
        model,
        ...(agent ? { agent } : {}),
        ...(mentions.length > 0 ? { mentions } : {}),
      });
    },
    keepDraft: replaceDraft,
    dropDraft: (sessionId, text) => {
      if (loadDraft(sessionId) === text) replaceDraft(sessionId, "");
    },
  };
}

/** The chat's folder's branch when worktrees can be made there (a repository with a commit), else why not. */
export async function gitPlaceOf(sessionId: string): Promise<GitPlace> {
  const { worktrees } = await api.gitWorktrees(sessionId);
  const here = worktrees.find((w) => w.current);
  // A folder inside a repository (a package of a monorepo): a worktree would be the whole repository.
  if (!here) return { error: "this chat's folder is not the top folder of its repository" };
  if (!here.head) return { error: "the repository has no commit yet" };
  return { branch: here.branch };
}
