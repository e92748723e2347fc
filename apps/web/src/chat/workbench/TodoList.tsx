// The agent's todo list (opencode's todowrite), live: done items ticked, the current one marked.
import type { TodoItem } from "@turnkey/contracts";

const label: Record<string, string> = {
  completed: "done",
  in_progress: "in progress",
  pending: "to do",
  cancelled: "cancelled",
};

export function TodoList({ todos }: { todos: TodoItem[] }) {
  if (todos.length === 0) return null;
  const done = todos.filter((t) => t.status === "completed").length;
  return (
    <section className="todo-list" aria-label="The agent's todo list">
      <h3>
        Todo <span className="muted">{`${done} of ${todos.length} done`}</span>
      </h3>
      <ul>
        {todos.map((todo, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: opencode's todos have no ids; order is stable
          <li key={i} className={`todo todo-${todo.status}`}>
            <input type="checkbox" checked={todo.status === "completed"} readOnly tabIndex={-1} aria-hidden="true" />
            <span className="todo-text">{todo.content}</span>
            <span className="sr-only">{`, ${label[todo.status] ?? todo.status}`}</span>
            {todo.status === "in_progress" && (
              <span className="todo-now" aria-hidden="true">
                now
              </span>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
