// A chat's project actions: the saved ones of its project and what its package.json suggests, and
// running one in a terminal of its own (terminalService.ts), in the chat's project folder.
import type {
  ActionSettings,
  ActionsResponse,
  ProjectAction,
  RunActionRequest,
  TerminalInfo,
} from "@turnkey/contracts";
import { projectId } from "../projects/projectStore.ts";
import type { FolderUse } from "../projects/workFolder.ts";
import type { TerminalService } from "../terminal/terminalService.ts";
import type { ActionStore } from "./actionStore.ts";
import { scriptSuggestions } from "./projectScripts.ts";

export class ProjectActions {
  constructor(
    private readonly store: ActionStore,
    private readonly terminals: TerminalService,
    /** The session's folder (ChatService.sessionFolder): refused with a sentence when it is gone. */
    private readonly sessionFolder: (sessionID: string, use: FolderUse) => Promise<string | undefined>,
  ) {}

  /** The chat's folder as OpenCode names it, and its project; a folder that is gone is refused with a sentence. */
  private async place(sessionID: string): Promise<{ folder: string; project: string }> {
    const folder = await this.sessionFolder(sessionID, "work");
    if (!folder) throw new Error("This chat has no project folder.");
    return { folder, project: projectId(folder) };
  }

  async list(sessionID: string): Promise<ActionsResponse> {
    const { folder, project } = await this.place(sessionID);
    const actions = this.store.actions(project);
    const found = scriptSuggestions(folder);
    const saved = new Set(actions.map((action) => action.command));
    return {
      actions,
      suggestions: found.suggestions.filter((suggestion) => !saved.has(suggestion.command)),
      suggestionsProblem: found.problem,
    };
  }

  async add(sessionID: string, settings: ActionSettings): Promise<ProjectAction> {
    return this.store.add((await this.place(sessionID)).project, settings);
  }

  async change(sessionID: string, id: string, settings: ActionSettings): Promise<ProjectAction> {
    return this.store.change((await this.place(sessionID)).project, id, settings);
  }

  async remove(sessionID: string, id: string): Promise<void> {
    this.store.remove((await this.place(sessionID)).project, id);
  }

  /** Starts the action in a new terminal of the project folder; the window then connects to it. */
  async run(sessionID: string, id: string, size: RunActionRequest): Promise<TerminalInfo> {
    const action = this.store.get((await this.place(sessionID)).project, id);
    return this.terminals.create(sessionID, size, action);
  }
}
