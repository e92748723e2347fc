// A project's notes and todos, one file per project in the backend's data folder
// (project-notes/<project id>.json, a KeptFile: private, written whole, an unreadable one moved
// aside and named). One file each, not one list of every project's: the notes are saved as they are
// typed, and a save writes one project's text, not every project's. Each change reads, changes and
// writes with nothing awaited in between, so two windows' changes cannot interleave. The file stays
// once written, emptied too: the notes' revision only goes up, so a save typed over an old revision
// is always refused (review 27, H1: a removed file started again at 0, and a stale save matched).
import { randomUUID } from "node:crypto";
import { join } from "node:path";
import {
  type ChangeTodoRequest,
  type MoveTodoRequest,
  maxNotesLength,
  maxTodoLength,
  maxTodos,
  type ProjectNotes,
  type SaveNotesRequest,
} from "@turnkey/contracts";
import { z } from "zod";
import { ApiRefusal } from "../apiError.ts";
import { KeptFile } from "../keptFile.ts";

export const notesFolderName = "project-notes";

const StoredNotes = z.object({
  version: z.literal(1),
  folder: z.string(),
  notes: z.string().max(maxNotesLength),
  notesRevision: z.number().int().nonnegative(),
  todos: z
    .array(z.object({ id: z.string().min(1).max(64), text: z.string().min(1).max(maxTodoLength), done: z.boolean() }))
    .max(maxTodos),
});
type StoredNotes = z.infer<typeof StoredNotes>;

/** A project id as projectStore makes them (a UUID): it names a file, so nothing else is taken. */
const projectIdPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export class NotesStore {
  /** Why a project's file was moved aside, kept until an answer has said it (a refusal cannot carry it). */
  private readonly unsaid = new Map<string, string>();

  constructor(
    private readonly dir: string,
    private readonly log: (message: string) => void,
    private readonly newId: () => string = randomUUID,
    private readonly now: () => number = Date.now,
  ) {}

  private file(projectId: string): KeptFile<StoredNotes> {
    if (!projectIdPattern.test(projectId)) throw new Error(`Not a project id: ${projectId}`);
    return new KeptFile(join(this.dir, `${projectId}.json`), StoredNotes, "project notes", this.now);
  }

  private load(projectId: string, folder: string) {
    const kept = this.file(projectId);
    const { value, problem } = kept.load();
    if (problem) {
      this.log(problem);
      this.unsaid.set(projectId, problem);
    }
    const stored = value ?? { version: 1 as const, folder, notes: "", notesRevision: 0, todos: [] };
    return { kept, stored };
  }

  /** An answer: the notes, and a moved-aside file's sentence once. */
  private shown(projectId: string, stored: StoredNotes): ProjectNotes {
    const { folder, notes, notesRevision, todos } = stored;
    const problem = this.unsaid.get(projectId) ?? null;
    this.unsaid.delete(projectId);
    return { folder, notes, notesRevision, todos, problem };
  }

  /** Reads, changes and writes one project's notes. */
  private change(projectId: string, folder: string, change: (stored: StoredNotes) => StoredNotes): ProjectNotes {
    const { kept, stored } = this.load(projectId, folder);
    const next = { ...change(stored), folder };
    kept.save(next);
    return this.shown(projectId, next);
  }

  read(projectId: string, folder: string): ProjectNotes {
    return this.shown(projectId, this.load(projectId, folder).stored);
  }

  saveNotes(projectId: string, folder: string, request: SaveNotesRequest): ProjectNotes {
    return this.change(projectId, folder, (stored) => {
      if (request.revision !== stored.notesRevision)
        throw new ApiRefusal(
          409,
          "notes_changed",
          "These notes were saved from another window since you started typing: nothing was written. Keep yours or take theirs.",
        );
      return { ...stored, notes: request.notes, notesRevision: stored.notesRevision + 1 };
    });
  }

  addTodo(projectId: string, folder: string, text: string): ProjectNotes {
    return this.change(projectId, folder, (stored) => {
      if (stored.todos.length >= maxTodos)
        throw new ApiRefusal(
          400,
          "invalid_request",
          `A project keeps at most ${maxTodos} todos: clear the done ones or remove some, then add this one.`,
        );
      return { ...stored, todos: [...stored.todos, { id: this.newId(), text, done: false }] };
    });
  }

  changeTodo(projectId: string, folder: string, id: string, request: ChangeTodoRequest): ProjectNotes {
    return this.change(projectId, folder, (stored) => {
      this.known(stored, id); // before the map: an empty list has nothing to map (review 27)
      return { ...stored, todos: stored.todos.map((todo) => (todo.id === id ? { ...todo, ...request } : todo)) };
    });
  }

  removeTodo(projectId: string, folder: string, id: string): ProjectNotes {
    return this.change(projectId, folder, (stored) => {
      this.known(stored, id);
      return { ...stored, todos: stored.todos.filter((todo) => todo.id !== id) };
    });
  }

  moveTodo(projectId: string, folder: string, id: string, place: MoveTodoRequest): ProjectNotes {
    return this.change(projectId, folder, (stored) => {
      const todo = this.known(stored, id);
      const rest = stored.todos.filter((other) => other.id !== id);
      const beside = (neighbour: string) => {
        const at = rest.findIndex((other) => other.id === neighbour);
        if (at === -1)
          throw new ApiRefusal(
            404,
            "todo_not_found",
            "The todo it was to go next to is not in the project's list any more: it was removed or cleared.",
          );
        return at;
      };
      const to =
        "to" in place
          ? Math.min(place.to, rest.length)
          : "before" in place
            ? beside(place.before)
            : beside(place.after) + 1;
      rest.splice(to, 0, todo);
      return { ...stored, todos: rest };
    });
  }

  clearDone(projectId: string, folder: string): ProjectNotes {
    return this.change(projectId, folder, (stored) => ({
      ...stored,
      todos: stored.todos.filter((todo) => !todo.done),
    }));
  }

  private known(stored: StoredNotes, id: string) {
    const todo = stored.todos.find((one) => one.id === id);
    if (!todo)
      throw new ApiRefusal(
        404,
        "todo_not_found",
        "This todo is not in the project's list any more: it was removed or cleared.",
      );
    return todo;
  }
}
