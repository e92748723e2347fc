// A message that starts with `/name` is OpenCode's command of that name, in the composer and in a
// scheduled task alike; a command in a sub-folder is named by its path.
import { describe, expect, it } from "vitest";
import { parseSlashCommand } from "./slashCommand.ts";

describe("parseSlashCommand", () => {
  it("reads the command and its arguments, a path-named one too, and nothing else", () => {
    expect(parseSlashCommand("/hello  big world ")).toEqual({ command: "hello", arguments: "big world" });
    expect(parseSlashCommand("/git/commit fix the tests")).toEqual({
      command: "git/commit",
      arguments: "fix the tests",
    });
    expect(parseSlashCommand(" /review\n\nsrc and tests")).toEqual({ command: "review", arguments: "src and tests" });
    expect(parseSlashCommand("hello")).toBeNull();
    expect(parseSlashCommand("/")).toBeNull();
    expect(parseSlashCommand(`/${"a".repeat(201)}`)).toBeNull();
  });
});
