// A `!` shell command is not kept as typed: opencode's session shell records it as a prompt whose
// only text is its own wording for the model ("The following tool was executed by the user", a
// synthetic part the model reads) and a reply (its parentID the prompt) whose one tool call, the
// bash tool's, has `input: { command }` (SessionPrompt.shell; read in the 1.18.33 binary we pin). Editing that turn must give the user back what they typed, `!` and all,
// so Enter runs the changed command in the shell again, not opencode's sentence as a prompt.
import { type MessageView, messageText } from "./conversation.ts";

/** opencode's text for a shell command's prompt. */
export const shellTurnWording = "The following tool was executed by the user";

/**
 * The `!command` a shell turn's prompt stands for; null when `message` is no shell turn; "" when it
 * is one whose reply does not hold the command (yet, or no longer).
 */
export function typedShellCommand(messages: readonly MessageView[], message: MessageView): string | null {
  if (message.role !== "user" || messageText(message).trim() !== shellTurnWording) return null;
  const reply = messages[messages.indexOf(message) + 1];
  const commands = (reply?.role === "assistant" ? reply.parts : []).flatMap((part) => {
    const input = part.type === "tool" ? part.state.input : undefined;
    const command = typeof input === "object" && input !== null ? (input as { command?: unknown }).command : undefined;
    return typeof command === "string" && command.trim() !== "" ? [command] : [];
  });
  return commands[0] !== undefined ? `!${commands[0]}` : "";
}
