// A project's notes and todos: a scratch space that belongs to the project folder, not to one chat,
// so it stays as the user moves between chats (OpenChamber's project notes and todos). The notes are
// one text saved as it is typed; a todo is one line, checked off, reordered, or handed to a chat.
import { z } from "zod";

export const maxNotesLength = 50_000;
export const maxTodos = 200;
export const maxTodoLength = 500;

/** One line of text: no control or format characters (a pasted newline is the window's to split). */
export const TodoText = z
  .string()
  .trim()
  .min(1, "A todo needs some text.")
  .max(maxTodoLength, "A todo holds at most 500 characters: put the details in the notes.")
  .refine((text) => !/[\p{Cc}\p{Cf}]/u.test(text), "A todo is one line, without control characters.");

export const ProjectTodo = z.object({ id: z.string(), text: z.string(), done: z.boolean() });
export type ProjectTodo = z.infer<typeof ProjectTodo>;

export const ProjectNotes = z.object({
  /** The project folder they belong to. */
  folder: z.string(),
  notes: z.string(),
  /** Counts the notes' saves: a save names the one it was typed over, so another window's is not written over. */
  notesRevision: z.number().int().nonnegative(),
  todos: z.array(ProjectTodo),
  /** The kept file could not be read (it was moved aside, named here), or null. */
  problem: z.string().nullable(),
});
export type ProjectNotes = z.infer<typeof ProjectNotes>;

export const SaveNotesRequest = z.object({
  notes: z.string().max(maxNotesLength, "The notes hold at most 50,000 characters: move the rest to a file."),
  /** The notesRevision the text was typed over. */
  revision: z.number().int().nonnegative(),
});
export type SaveNotesRequest = z.infer<typeof SaveNotesRequest>;

export const AddTodoRequest = z.object({ text: TodoText });
export type AddTodoRequest = z.infer<typeof AddTodoRequest>;

export const ChangeTodoRequest = z
  .object({ text: TodoText.optional(), done: z.boolean().optional() })
  .refine((change) => change.text !== undefined || change.done !== undefined, "Say what changes: text or done.");
export type ChangeTodoRequest = z.infer<typeof ChangeTodoRequest>;

/** Where the todo goes: its new place in the list, 0 first (past the end is the end). */
/**
 * Where a todo goes: at a position, or next to another todo as the window showed them (↑ is
 * "before the one above", ↓ "after the one below"), so a list another window reordered meanwhile
 * still moves the todo past the neighbour the person saw, not to a position that now means another.
 */
export const MoveTodoRequest = z.union([
  z.object({ to: z.number().int().nonnegative() }).strict(),
  z.object({ before: z.string().min(1).max(100) }).strict(),
  z.object({ after: z.string().min(1).max(100) }).strict(),
]);
export type MoveTodoRequest = z.infer<typeof MoveTodoRequest>;
