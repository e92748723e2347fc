// The tray's "Open project…": a native folder dialog in the main process, then the folder goes to
// the backend over HTTP like every other action (POST /api/projects, no lifecycle IPC), and the
// chat window opens on it. A folder the backend refuses (missing, unreadable, …) is shown in the
// backend's own sentence and nothing is saved.
import { TurnkeyApiError, type TurnkeyClient } from "@turnkey/client";
import type { ChatTarget } from "./windows.ts";

export interface OpenProjectDeps {
  client: () => Pick<TurnkeyClient, "addProject"> | null;
  /** The folder the user picked, or null when they cancelled. */
  pickFolder: () => Promise<string | null>;
  showProblem: (title: string, sentence: string) => void;
  openChat: (target: ChatTarget) => void;
}

const refusedTitle = "This folder cannot be opened as a project";

export async function openProject(deps: OpenProjectDeps): Promise<void> {
  const folder = await deps.pickFolder();
  if (folder === null) return;
  const client = deps.client();
  if (!client) {
    deps.showProblem(refusedTitle, "OpenCode Turnkey is still starting. Try again in a moment.");
    return;
  }
  try {
    const { project } = await client.addProject(folder);
    deps.openChat({ projectId: project.id });
  } catch (error) {
    const sentence =
      error instanceof TurnkeyApiError
        ? error.message
        : `The backend did not answer (${(error as Error).message}). Try again, or open the logs.`;
    deps.showProblem(refusedTitle, sentence);
  }
}

/**
 * Electron's folder dialog (dialog.showOpenDialog with `properties: ['openDirectory']`; it
 * resolves `{canceled, filePaths}`, filePaths empty when cancelled: Electron's dialog docs).
 */
export function folderDialog(
  showOpenDialog: (options: {
    title: string;
    buttonLabel: string;
    properties: "openDirectory"[];
  }) => Promise<{ canceled: boolean; filePaths: string[] }>,
): () => Promise<string | null> {
  return async () => {
    const result = await showOpenDialog({
      title: "Open a project folder",
      buttonLabel: "Open project",
      properties: ["openDirectory"],
    });
    return result.canceled ? null : (result.filePaths[0] ?? null);
  };
}
