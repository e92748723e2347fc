// What the Files tab's worktrees need from the rest of the backend (git/gitWorktree.ts): the listed
// project at a folder, whether a chat replies in one, and OpenCode letting go of a folder about to
// be deleted. One interface, wired here from the chat relay, the projects and the sidecar, so that
// ProjectGit carries it without knowing any of them (tests pass their own).
import type { SidecarSupervisor } from "@turnkey/sidecar";
import { withCallSignal } from "../chat/callSignal.ts";
import { sidecarClient } from "../chat/sidecarClient.ts";

export interface WorktreeHooks {
  /** The listed project at a folder (a real path), for the worktrees' list; null when none is. */
  projectIdOf(folder: string): string | null;
  /** A chat is replying in the folder: it is neither removed nor its changes taken while its files move. */
  replyingIn(folder: string): boolean;
  /** Lets go of a folder about to be deleted; settles within its own deadline. */
  releaseFolder(folder: string): Promise<void>;
}

/** Without a backend around it (tests of other git work): no project, nothing in use, nothing to let go. */
export const noWorktreeHooks: WorktreeHooks = {
  projectIdOf: () => null,
  replyingIn: () => false,
  releaseFolder: async () => {},
};

/** How long a worktree's removal waits for OpenCode to let go of the folder. */
const releaseFolderMs = 10_000;

export function backendWorktreeHooks(deps: {
  supervisor: SidecarSupervisor;
  projectIdOf: (folder: string) => string | null;
  /** The sessions replying in a folder (the chat relay's busyIn). */
  replyingIn: (folder: string) => string[];
}): WorktreeHooks {
  return {
    projectIdOf: deps.projectIdOf,
    replyingIn: (folder) => deps.replyingIn(folder).length > 0,
    // OpenCode's instance in the folder: its file watcher, language servers and terminals hold the
    // folder open, which on Windows keeps it from being deleted. Best effort: git's own refusal
    // says what still holds it.
    releaseFolder: async (folder) => {
      const handle = sidecarClient(deps.supervisor);
      if (!handle) return;
      await withCallSignal(AbortSignal.timeout(releaseFolderMs), () =>
        handle.client.instance.dispose({ directory: folder }),
      ).catch(() => undefined);
    },
  };
}
