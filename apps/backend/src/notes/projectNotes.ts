// A chat's project's notes and todos (notesStore.ts), found from the chat's folder as the project
// actions are: the same folder in any chat of the project shows the same notes.
import { join } from "node:path";
import type { ChangeTodoRequest, MoveTodoRequest, ProjectNotes, SaveNotesRequest } from "@turnkey/contracts";
import { ApiRefusal } from "../apiError.ts";
import type { SessionDirectory } from "../chat/workbenchService.ts";
import { projectId } from "../projects/projectStore.ts";
import { NotesStore, notesFolderName } from "./notesStore.ts";

/** The backend's project notes, kept in project-notes/ in its data folder. */
export function backendNotes(dataDir: string, sessionFolder: SessionDirectory, log: (message: string) => void) {
  return new ProjectNotesService(new NotesStore(join(dataDir, notesFolderName), log), sessionFolder);
}

export class ProjectNotesService {
  constructor(
    private readonly store: NotesStore,
    /** The session's folder (ChatService.sessionFolder): refused with a sentence when it is gone. */
    private readonly sessionFolder: SessionDirectory,
  ) {}

  /** Runs one store call on the chat's project. */
  private async on<T>(sessionID: string, work: (project: string, folder: string) => T): Promise<T> {
    const folder = await this.sessionFolder(sessionID, "work");
    if (!folder) throw new ApiRefusal(400, "invalid_path", "This chat has no project folder.");
    return work(projectId(folder), folder);
  }

  read(sessionID: string): Promise<ProjectNotes> {
    return this.on(sessionID, (project, folder) => this.store.read(project, folder));
  }
  saveNotes(sessionID: string, request: SaveNotesRequest): Promise<ProjectNotes> {
    return this.on(sessionID, (project, folder) => this.store.saveNotes(project, folder, request));
  }
  addTodo(sessionID: string, text: string): Promise<ProjectNotes> {
    return this.on(sessionID, (project, folder) => this.store.addTodo(project, folder, text));
  }
  changeTodo(sessionID: string, id: string, request: ChangeTodoRequest): Promise<ProjectNotes> {
    return this.on(sessionID, (project, folder) => this.store.changeTodo(project, folder, id, request));
  }
  removeTodo(sessionID: string, id: string): Promise<ProjectNotes> {
    return this.on(sessionID, (project, folder) => this.store.removeTodo(project, folder, id));
  }
  moveTodo(sessionID: string, id: string, place: MoveTodoRequest): Promise<ProjectNotes> {
    return this.on(sessionID, (project, folder) => this.store.moveTodo(project, folder, id, place));
  }
  clearDone(sessionID: string): Promise<ProjectNotes> {
    return this.on(sessionID, (project, folder) => this.store.clearDone(project, folder));
  }
}
