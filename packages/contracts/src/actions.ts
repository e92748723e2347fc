// Project actions: commands a user runs often in a project (`npm run dev`, `npm test`), saved once
// and run with one click in a terminal of the chat window: each gets a terminal of its own, the
// user's shell, with the command typed into it, so it runs as if the user had typed it. The shapes
// the window and the backend share are here.
import { z } from "zod";
import { TerminalInfo, TerminalSize } from "./terminal.ts";

/** At most this many actions per project: a row of buttons, not a script library. */
export const maxActionsPerProject = 20;

/** An action as the form saves it. */
export const ActionSettings = z
  .object({
    name: z
      .string()
      .trim()
      .min(1, "Give the action a name.")
      .max(40, "A name holds at most 40 characters.")
      .refine((text) => !/[\p{Cc}\p{Cf}]/u.test(text), "A name holds no control or formatting characters."),
    /**
     * One line, typed into the terminal's shell in the project folder (the user's shell; Windows
     * PowerShell on Windows). One line because a second one would run unseen after the first, and
     * no control character, since typed into a terminal one is a key (Ctrl+C, Tab, Escape).
     */
    command: z
      .string()
      .trim()
      .min(1, "Write the command to run, like npm run dev.")
      .max(2_000, "A command holds at most 2,000 characters.")
      .refine(
        (text) => !/[\r\n]/.test(text),
        'Write the command on one line (join several with ";", or your shell\'s "&&").',
      )
      .refine(
        (text) => !/\p{Cc}/u.test(text),
        "The command holds a control character (a tab?); type it again without.",
      ),
  })
  .strict();
export type ActionSettings = z.infer<typeof ActionSettings>;

export const ProjectAction = ActionSettings.extend({ id: z.string().min(1).max(64) });
export type ProjectAction = z.infer<typeof ProjectAction>;

/** A command the project's own files suggest (its package.json scripts), not yet saved. */
export const ActionSuggestion = ActionSettings.extend({
  /** Where it was found, for the button's title: "package.json". */
  from: z.string(),
  /** What the script runs (`vite`), shown before it is added: the repository wrote it, not the user. */
  script: z.string(),
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

/** The action's new terminal, and the command for the window to type into it once it connects. */
export const RunActionResponse = z.object({ terminal: TerminalInfo, command: z.string() });
export type RunActionResponse = z.infer<typeof RunActionResponse>;

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
 * so colour codes are removed first; of several, the last.
 */
export function localAddressIn(text: string): string | null {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: a terminal's escape sequences are what is removed
  const plain = text.replace(/\u001b\[[0-9;?]*[A-Za-z]|\u001b\][^\u0007]*\u0007/g, "");
  const found = [
    ...plain.matchAll(/\bhttps?:\/\/(?:localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1\]):\d{2,5}(?:\/[^\s"'<>`]*)?/g),
  ];
  // The last one printed: a server restarted on another port prints its new address after the old.
  for (const match of found.reverse()) {
    try {
      return new URL(match[0].replace("0.0.0.0", "localhost")).href;
    } catch {
      // a port past 65535: not an address
    }
  }
  return null;
}
