// The project notes part of the typed client: a chat's project's notes and todos, read, the notes
// saved, a todo added, changed, moved or removed, the done ones cleared. Each answers the whole of
// them. Spread into createTurnkeyClient.
import { type ChangeTodoRequest, ProjectNotes, type SaveNotesRequest } from "@turnkey/contracts";
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
    moveTodo: (id: string, todoId: string, to: number) =>
      call(ProjectNotes, http.post(`${todo(id, todoId)}/move`, { json: { to } })),
    clearDoneTodos: (id: string) => call(ProjectNotes, http.delete(`${session(id)}/todos?done=true`)),
  };
}
