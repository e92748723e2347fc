// The allow levels as the windows name them: the composer's picker and a scheduled task's form.
import type { AllowLevel } from "@turnkey/contracts";

export const allowChoices: { level: AllowLevel; label: string }[] = [
  { level: "ask", label: "Ask first" },
  { level: "edits", label: "Allow edits" },
  { level: "everything", label: "Allow all but secrets" },
];

export const allowExplained =
  "Ask first: as OpenCode's settings say. Allow edits: changes to files go ahead. Allow all but secrets: every request goes ahead. Whatever the level, a request naming a file that holds secrets (.env files, keys, credentials, OpenCode's and this app's data) or OpenCode's own settings still asks, and so does OpenCode's guard against a call repeated over and over: its card says why. It holds for the chat's subagents, and while no window is open.";
