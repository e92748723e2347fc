// Project actions: commands a user runs often in a project (`npm run dev`, `npm test`), saved once
// and run with one click in a terminal of the chat window, each in a terminal of its own that stays
// open as a shell when the command ends. The shapes the window and the backend share are here.
import { z } from "zod";
import { TerminalSize } from "./terminal.ts";

/** At most this many actions per project: a row of buttons, not a script library. */
export const maxActionsPerProject = 20;

/** An action as the form saves it. */
export const ActionSettings = z
  .object({
    name: z.string().trim().min(1, "Give the action a name.").max(40, "A name holds at most 40 characters."),
    /**
     * One line, run by the terminal's shell in the project folder (the user's shell; Windows
     * PowerShell on Windows). One line because the shells read a line as one command, and a
     * pasted second line would run unseen after the first.
     */
    command: z
      .string()
      .trim()
      .min(1, "Write the command to run, like npm run dev.")
      .max(2_000, "A command holds at most 2,000 characters.")
      .refine((text) => !/[\r\n]/.test(text), "Write the command on one line (join several with && or ;)."),
  })
  .strict();
export type ActionSettings = z.infer<typeof ActionSettings>;

export const ProjectAction = ActionSettings.extend({ id: z.string().min(1).max(64) });
export type ProjectAction = z.infer<typeof ProjectAction>;

/** A command the project's own files suggest (its package.json scripts), not yet saved. */
export const ActionSuggestion = ActionSettings.extend({
  /** Where it was found, for the button's title: "package.json". */
  from: z.string(),
});
export type ActionSuggestion = z.infer<typeof ActionSuggestion>;

export const ActionsResponse = z.object({
  actions: z.array(ProjectAction),
  suggestions: z.array(ActionSuggestion),
  /** Why no suggestions could be read (a package.json that is not JSON), or null. */
  suggestionsProblem: z.string().nullable(),
});
export type ActionsResponse = z.infer<typeof ActionsResponse>;

/** Run an action at the terminal panel's size (the new terminal starts at it). */
export const RunActionRequest = TerminalSize.partial().strict();
export type RunActionRequest = z.infer<typeof RunActionRequest>;

/** The prefix of an action terminal's title in OpenCode's PTY list; the rest is the action's name. */
export const actionTerminalPrefix = "Action: ";

/** The action a terminal runs, from its title, or null for the project's shell. */
export function actionOfTerminal(title: string): string | null {
  return title.startsWith(actionTerminalPrefix) ? title.slice(actionTerminalPrefix.length) : null;
}

/**
 * A local address a dev server printed ("Local: http://localhost:5173/"), to offer as a link: http(s)
 * on localhost, 127.0.0.1, 0.0.0.0 or [::1] with a port. 0.0.0.0 is where a server listens, not an
 * address a browser can open everywhere, so it is offered as localhost. The text is a terminal's,
 * so colour codes are removed first.
 */
export function localAddressIn(text: string): string | null {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: a terminal's escape sequences are what is removed
  const plain = text.replace(/\u001b\[[0-9;?]*[A-Za-z]|\u001b\][^\u0007]*\u0007/g, "");
  const found = /\bhttps?:\/\/(?:localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1\]):\d{2,5}(?:\/[^\s"'<>`]*)?/.exec(plain);
  if (!found) return null;
  try {
    return new URL(found[0].replace("0.0.0.0", "localhost")).href;
  } catch {
    return null; // a port past 65535
  }
}
