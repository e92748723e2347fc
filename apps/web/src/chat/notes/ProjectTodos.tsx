// The project's todo list, under its notes: add one (Enter), check it off, change its words, move it
// up or down, put it in the message box to hand it to the agent, remove it; clear the done ones.
// Each change is the backend's (one file per project), and its answer is the whole list, shown.
import { TurnkeyApiError } from "@turnkey/client";
import type { ProjectNotes, ProjectTodo } from "@turnkey/contracts";
import { type FormEvent, useEffect, useRef, useState } from "react";
import { api } from "../../shared/api.ts";
import { InlineProblem } from "../../shared/InlineProblem.tsx";
import { useConfigSave } from "../useConfigSave.ts";

export function ProjectTodos(props: {
  sessionID: string;
  todos: ProjectTodo[];
  live: boolean;
  onChanged: (next: ProjectNotes) => void;
  /** Puts a todo's text in this chat's message box. */
  onAsk: (text: string) => void;
}) {
  const { sessionID, todos, live } = props;
  const [adding, setAdding] = useState("");
  const [editing, setEditing] = useState<{ id: string; text: string } | null>(null);
  // Leaving a todo's change (Save, Cancel, Esc) puts the keyboard back on its Change button, not on the page.
  const changeButtons = useRef(new Map<string, HTMLButtonElement>());
  const [refocus, setRefocus] = useState<string | null>(null);
  useEffect(() => {
    if (refocus === null) return;
    changeButtons.current.get(refocus)?.focus();
    setRefocus(null);
  }, [refocus]);
  const stopEditing = () => {
    if (editing) setRefocus(editing.id);
    setEditing(null);
  };
  const { saving, error, save: saveNow } = useConfigSave(props.onChanged);
  // Buttons stay enabled while a change is saved (a disabled one drops the keyboard's focus, so ↓
  // could not be pressed twice); a click meanwhile does nothing.
  const held = !live;
  const done = todos.filter((todo) => todo.done).length;

  /** One change; a todo another window removed has the list read again, and its sentence shown. */
  const save = async (work: () => Promise<ProjectNotes>) => {
    if (saving) return;
    await saveNow(async () => {
      try {
        return await work();
      } catch (failure) {
        if (failure instanceof TurnkeyApiError && failure.code === "todo_not_found") {
          props.onChanged(await api.notes(sessionID));
          setEditing(null);
        }
        throw failure;
      }
    });
  };

  const add = async (event: FormEvent) => {
    event.preventDefault();
    if (adding.trim() === "") return;
    let added = false;
    await save(async () => {
      const next = await api.addTodo(sessionID, adding);
      added = true;
      return next;
    });
    if (added) setAdding(""); // refused: what was typed stays, with the sentence
  };

  const rename = async (event: FormEvent) => {
    event.preventDefault();
    if (!editing) return;
    let saved = false;
    await save(async () => {
      const next = await api.changeTodo(sessionID, editing.id, { text: editing.text });
      saved = true;
      return next;
    });
    if (saved) stopEditing();
  };

  return (
    <section className="project-todos" aria-label="Todos">
      <h4 className="custom-heading">
        To do {todos.length > 0 && <span className="muted">{`${done} of ${todos.length} done`}</span>}
      </h4>
      {todos.length > 0 && (
        <ul className="config-list">
          {todos.map((todo, index) => (
            <li key={todo.id} className={`project-todo${todo.done ? " project-todo-done" : ""}`}>
              {editing?.id === todo.id ? (
                <form className="project-todo-edit" aria-label={`Change the todo ${todo.text}`} onSubmit={rename}>
                  <input
                    aria-label="Todo"
                    maxLength={500}
                    value={editing.text}
                    onChange={(e) => setEditing({ id: todo.id, text: e.target.value })}
                    onKeyDown={(e) => {
                      if (e.key !== "Escape") return;
                      e.preventDefault(); // the edit's Esc: it closes no drawer around it
                      stopEditing();
                    }}
                    // biome-ignore lint/a11y/noAutofocus: the field the user just asked to change
                    autoFocus
                  />
                  <button type="submit" className="small" disabled={held}>
                    Save
                  </button>
                  <button type="button" className="small" onClick={stopEditing}>
                    Cancel
                  </button>
                </form>
              ) : (
                <label className="project-todo-text">
                  <input
                    type="checkbox"
                    checked={todo.done}
                    disabled={held}
                    onChange={(e) => void save(() => api.changeTodo(sessionID, todo.id, { done: e.target.checked }))}
                  />
                  <span>{todo.text}</span>
                </label>
              )}
              {editing?.id !== todo.id && (
                <div className="config-actions">
                  <button
                    type="button"
                    className="small"
                    disabled={!live}
                    onClick={() => props.onAsk(todo.text)}
                    title="Puts this todo in the message box, to send to the agent in this chat."
                    aria-label={`Ask about ${todo.text}`}
                  >
                    Ask
                  </button>
                  <button
                    type="button"
                    className="small"
                    disabled={held || editing !== null}
                    onClick={() => setEditing({ id: todo.id, text: todo.text })}
                    aria-label={`Change ${todo.text}`}
                    ref={(button) => {
                      if (button) changeButtons.current.set(todo.id, button);
                      else changeButtons.current.delete(todo.id);
                    }}
                  >
                    Change
                  </button>
                  <button
                    type="button"
                    className="small"
                    disabled={held || index === 0}
                    onClick={() => void save(() => api.moveTodo(sessionID, todo.id, { before: todos[index - 1]!.id }))}
                    aria-label={`Move up ${todo.text}`}
                  >
                    ↑
                  </button>
                  <button
                    type="button"
                    className="small"
                    disabled={held || index === todos.length - 1}
                    onClick={() => void save(() => api.moveTodo(sessionID, todo.id, { after: todos[index + 1]!.id }))}
                    aria-label={`Move down ${todo.text}`}
                  >
                    ↓
                  </button>
                  <button
                    type="button"
                    className="small"
                    disabled={held}
                    onClick={() => void save(() => api.removeTodo(sessionID, todo.id))}
                    aria-label={`Remove ${todo.text}`}
                  >
                    Remove
                  </button>
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
      <form className="project-todo-add" aria-label="Add a todo" onSubmit={add}>
        <input
          aria-label="New todo"
          value={adding}
          onChange={(e) => setAdding(e.target.value)}
          placeholder="Add a todo and press Enter"
          maxLength={500}
        />
        <button type="submit" className="small" disabled={held || adding.trim() === ""}>
          Add
        </button>
      </form>
      {done > 0 && (
        <button
          type="button"
          className="small"
          disabled={held}
          onClick={() => void save(() => api.clearDoneTodos(sessionID))}
        >
          {`Clear done (${done})`}
        </button>
      )}
      <InlineProblem text={error} />
    </section>
  );
}
