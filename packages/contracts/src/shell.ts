// `!` commands from the composer: opencode's session shell (`POST /session/:id/shell`) runs one
// command in the session's folder and records it with its output in the conversation, as the
// opencode TUI does for input that starts with `!`.
import { z } from "zod";
import { ModelRef } from "./chat.ts";

/** The command without its `!`; agent and model name who the recorded turn is credited to. */
export const ShellRequest = z
  .object({
    command: z.string().trim().min(1, "must not be empty").max(20_000),
    agent: z.string().min(1).max(200).optional(),
    model: ModelRef.optional(),
  })
  .strict();
export type ShellRequest = z.input<typeof ShellRequest>;
