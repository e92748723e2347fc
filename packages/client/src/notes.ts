// The project notes part of the typed client: a chat's project's notes and todos, read, the notes
// saved, a todo added, changed, moved or removed, the done ones cleared. Each answers the whole of
// them. Spread into createTurnkeyClient.
import { type ChangeTodoRequest, type MoveTodoRequest, ProjectNotes, type SaveNotesRequest } from "@turnkey/contracts";
import type { Http } from "./http.ts";
import type { Call } from "./workbench.ts";

export function notesMethods(http: Http, call: Call) {
  const session = (id: string) => `api/sessions/${encodeURIComponent(id)}`;
  const todo = (id: string, todoId: string) => `${session(id)}/todos/${encodeURIComponent(todoId)}`;
  return {
    notes: (id: string) => call(ProjectNotes, http.get(`${session(id)}/notes`)),
    saveNotes: (id: string, request: SaveNotesRequest) =>
      call(ProjectNotes, http.put(`${session(id)}/notes`, { json: request })),
    addTodo: (id: string, text: string) => call(ProjectNotes, http.post(`${session(id)}/todos`, { json: { text } })),
    changeTodo: (id: string, todoId: string, change: ChangeTodoRequest) =>
      call(ProjectNotes, http.patch(todo(id, todoId), { json: change })),
    removeTodo: (id: string, todoId: string) => call(ProjectNotes, http.delete(todo(id, todoId))),
    /** `{to}` a position, or `{before}`/`{after}` another todo as the window showed them. */
    moveTodo: (id: string, todoId: string, place: MoveTodoRequest) =>
      call(ProjectNotes, http.post(`${todo(id, todoId)}/move`, { json: place })),
    clearDoneTodos: (id: string) => call(ProjectNotes, http.delete(`${session(id)}/todos?done=true`)),
  };
}
