// The allow levels as the windows name them: the composer's picker and a scheduled task's form.
import type { AllowChoice, AllowLevel } from "@turnkey/contracts";

export const allowChoices: { level: AllowLevel; label: string }[] = [
  { level: "ask", label: "Ask first" },
  { level: "edits", label: "Allow edits" },
  { level: "everything", label: "Allow all but secrets" },
];

export function levelLabel(level: AllowLevel): string {
  return allowChoices.find((c) => c.level === level)?.label ?? level;
}

/** What a level lets through, short: the picker's width is its widest option's. */
const levelShort: Record<AllowLevel, string> = { ask: "asks first", edits: "edits", everything: "all but secrets" };

/** A chat's (or a task's) choice: the project's level ("Project (edits)") or a level of its own. */
export function choiceLabel(choice: AllowChoice, projectLevel: AllowLevel | null): string {
  if (choice !== "project") return levelLabel(choice);
  return projectLevel === null ? "Same as the project" : `Project (${levelShort[projectLevel]})`;
}

export const allowExplained =
  "Ask first: as OpenCode's settings say. Allow edits: changes to files go ahead. Allow all but secrets: every request goes ahead. Whatever the level, a request naming a file that holds secrets (.env files, keys, credentials, OpenCode's and this app's data) or OpenCode's own settings still asks, and so does OpenCode's guard against a call repeated over and over: its card says why. It holds for the chat's subagents, and while no window is open.";

export const projectExplained =
  "A project's level (Every chat of this project) is for its chats set to follow it, “Project (…)”, as new chats are; a chat set to a level of its own keeps it.";
