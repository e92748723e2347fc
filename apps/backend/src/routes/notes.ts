// A chat's project's notes and todos: read them, save the notes, add, change, move and remove a
// todo, clear the done ones. notes/projectNotes.ts does the work; every answer is the whole of them.
import { AddTodoRequest, ChangeTodoRequest, MoveTodoRequest, SaveNotesRequest } from "@turnkey/contracts";
import type { Hono } from "hono";
import { apiError, readJsonBody } from "../apiError.ts";
import type { ProjectNotesService } from "../notes/projectNotes.ts";
import { answer, badId } from "./chat.ts";

export function notesRoutes(app: Hono, notes: ProjectNotesService): void {
  const base = "/api/sessions/:id";
  app.get(`${base}/notes`, (c) => {
    const invalid = badId(c, "id");
    if (invalid) return invalid;
    return answer(c, async () => c.json(await notes.read(c.req.param("id"))));
  });
  app.put(`${base}/notes`, async (c) => {
    const invalid = badId(c, "id");
    if (invalid) return invalid;
    const body = await readJsonBody(c, SaveNotesRequest);
    if (!body.ok) return body.response;
    return answer(c, async () => c.json(await notes.saveNotes(c.req.param("id"), body.value)));
  });
  app.post(`${base}/todos`, async (c) => {
    const invalid = badId(c, "id");
    if (invalid) return invalid;
    const body = await readJsonBody(c, AddTodoRequest);
    if (!body.ok) return body.response;
    return answer(c, async () => c.json(await notes.addTodo(c.req.param("id"), body.value.text), 201));
  });
  /** DELETE …/todos?done=true: the checked ones cleared (the only list-wide removal). */
  app.delete(`${base}/todos`, (c) => {
    const invalid = badId(c, "id");
    if (invalid) return invalid;
    if (c.req.query("done") !== "true")
      return apiError(c, 400, "invalid_request", "Only the done todos are cleared at once: ?done=true.");
    return answer(c, async () => c.json(await notes.clearDone(c.req.param("id"))));
  });
  app.patch(`${base}/todos/:todo`, async (c) => {
    const invalid = badId(c, "id", "todo");
    if (invalid) return invalid;
    const body = await readJsonBody(c, ChangeTodoRequest);
    if (!body.ok) return body.response;
    return answer(c, async () => c.json(await notes.changeTodo(c.req.param("id"), c.req.param("todo"), body.value)));
  });
  app.delete(`${base}/todos/:todo`, (c) => {
    const invalid = badId(c, "id", "todo");
    if (invalid) return invalid;
    return answer(c, async () => c.json(await notes.removeTodo(c.req.param("id"), c.req.param("todo"))));
  });
  app.post(`${base}/todos/:todo/move`, async (c) => {
    const invalid = badId(c, "id", "todo");
    if (invalid) return invalid;
    const body = await readJsonBody(c, MoveTodoRequest);
    if (!body.ok) return body.response;
    return answer(c, async () => c.json(await notes.moveTodo(c.req.param("id"), c.req.param("todo"), body.value)));
  });
}
