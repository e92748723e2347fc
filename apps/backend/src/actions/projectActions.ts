// A chat's project actions: the saved ones of its project and what its package.json suggests, and
// running one in a terminal of its own (terminalService.ts), in the chat's project folder.
//
// The command is typed into that terminal's shell by the window, as OpenChamber's actions do, not
// run by the shell's `-c`: review 26 (H1) found `bash -lc` and `zsh -lc` skip .bashrc and .zshrc,
// where nvm, fnm, asdf and mise put node on the PATH, so `npm run dev` was "command not found" in a
// terminal whose own prompt found npm; and `-ic` gives the terminal's foreground to a process group
// that is gone once bash ran the command by `exec` (tried: the next shell then lost its terminal).
// Typed, it runs with the user's rc files, aliases and functions, Ctrl+C, Ctrl+\ and Ctrl+Z work
// as they do at a prompt, and PowerShell reports its own errors; the shell stays when it ends.

import { join } from "node:path";
import type {
  ActionSettings,
  ActionSuggestion,
  ActionsResponse,
  ProjectAction,
  RunActionRequest,
  RunActionResponse,
} from "@turnkey/contracts";
import { ApiRefusal } from "../apiError.ts";
import type { SessionDirectory } from "../chat/workbenchService.ts";
import { projectId } from "../projects/projectStore.ts";
import type { TerminalService } from "../terminal/terminalService.ts";
import { ActionStore, actionsFileName, sameActionName } from "./actionStore.ts";
import { scriptSuggestions } from "./projectScripts.ts";

/** The backend's project actions, kept in actions.json in its data folder. */
export function backendActions(
  dataDir: string,
  terminals: TerminalService,
  sessionFolder: SessionDirectory,
  log: (message: string) => void,
): ProjectActions {
  return new ProjectActions(new ActionStore(join(dataDir, actionsFileName), log), terminals, sessionFolder);
}

export class ProjectActions {
  constructor(
    private readonly store: ActionStore,
    private readonly terminals: TerminalService,
    /** The session's folder (ChatService.sessionFolder): refused with a sentence when it is gone. */
    private readonly sessionFolder: SessionDirectory,
  ) {}

  /** The chat's folder as OpenCode names it, and its project; a folder that is gone is refused with a sentence. */
  private async place(sessionID: string): Promise<{ folder: string; project: string }> {
    const folder = await this.sessionFolder(sessionID, "work");
    if (!folder) throw new ApiRefusal(400, "invalid_path", "This chat has no project folder.");
    return { folder, project: projectId(folder) };
  }

  async list(sessionID: string): Promise<ActionsResponse> {
    const { folder, project } = await this.place(sessionID);
    const actions = this.store.actions(project);
    const found = scriptSuggestions(folder);
    // A suggestion whose command or name is saved already would add nothing, or be refused.
    const taken = (suggestion: ActionSuggestion) =>
      actions.some((action) => action.command === suggestion.command || sameActionName(action.name, suggestion.name));
    return {
      actions,
      suggestions: found.suggestions.filter((suggestion) => !taken(suggestion)),
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

  /** Opens the action's terminal in the project folder; the window connects and types the command. */
  async run(sessionID: string, id: string, size: RunActionRequest): Promise<RunActionResponse> {
    const action = this.store.get((await this.place(sessionID)).project, id);
    return { terminal: await this.terminals.create(sessionID, size, action), command: action.command };
  }
}
