// A message that starts with `/name` runs OpenCode's command of that name, the rest of it being
// the command's arguments: in the composer and in a scheduled task alike, so the two read a
// message the same way. A command in a sub-folder of `commands/` is named by its path, as
// OpenCode names it (`git/commit`; the customize service lists it so), so a name may hold `/`.

/** The name as typed after the `/`, before the arguments. */
export const commandNameChars = String.raw`[\w.:/-]`;
const commandLine = new RegExp(String.raw`^\/(${commandNameChars}{1,200})(?:\s+([\s\S]*))?$`);

/** "/git/commit fix the tests" → `{ command: "git/commit", arguments: "fix the tests" }`; null for a message that is no command. */
export function parseSlashCommand(text: string): { command: string; arguments: string } | null {
  const match = commandLine.exec(text.trim());
  return match ? { command: match[1] as string, arguments: (match[2] ?? "").trim() } : null;
}
