import type { GitWorkFile } from "@turnkey/contracts";
import { describe, expect, it } from "vitest";
import { messageFromAnswer, messageQuestion } from "./commitMessage.ts";

const file = (path: string, state: GitWorkFile["state"] = "modified"): GitWorkFile => ({ path, state, staged: false });
const counts = (path: string, additions: number, deletions: number) => ({
  path,
  status: "modified" as const,
  additions,
  deletions,
  patch: null,
});

describe("the question a commit message is asked with", () => {
  it("names every file with its lines, and sends the patches whole within the budget", () => {
    const { text, shortened } = messageQuestion(
      [
        { file: file("src/a.ts"), counts: counts("src/a.ts", 3, 1), patch: "diff a\n+x\n" },
        { file: file("new.txt", "untracked"), counts: counts("new.txt", 1, 0), patch: "diff new\n+y\n" },
        { file: file("logo.png"), counts: counts("logo.png", 0, 0), patch: null },
      ],
      ["Fix the build", "Add the logo"],
    );
    expect(shortened).toBe(0);
    expect(text).toContain("changes (3 files)");
    expect(text).toContain("Files:\nM src/a.ts (+3 −1)\nA new.txt (+1 −0)\nM logo.png (+0 −0)");
    expect(text).toContain("Recent commit subjects in this repository:\nFix the build\nAdd the logo");
    expect(text).toContain("diff a\n+x\n");
    expect(text).toContain("logo.png: binary, or too large to show.");
    expect(text).not.toContain("too long to send whole");
  });

  it("cuts a long patch at its own limit, leaves out those past the total, and says how many", () => {
    const budget = { filesNamed: 2, patchChars: 10, totalChars: 15 };
    const { text, shortened } = messageQuestion(
      [
        { file: file("long.ts"), counts: undefined, patch: "0123456789ABCDEF" },
        { file: file("short.ts"), counts: undefined, patch: "abcdefghijkl" },
        { file: file("late.ts"), counts: undefined, patch: undefined },
      ],
      [],
      budget,
    );
    expect(text).toContain("0123456789\n[…the rest of long.ts's changes is left out]");
    expect(text).not.toContain("ABCDEF");
    // 5 characters were left for the second: it is cut there.
    expect(text).toContain("abcde\n[…the rest of short.ts's changes is left out]");
    expect(text).toContain("Files:\nM long.ts\nM short.ts\n…and 1 more file.");
    expect(shortened).toBe(3);
    expect(text).toContain("The changes of 3 files were too long to send whole.");
    expect(text).not.toContain("Recent commit subjects");
  });
});

describe("the message out of the model's answer", () => {
  it("takes off a fence and the blank lines around, and keeps the body", () => {
    expect(messageFromAnswer("\n```text\nFix the login\n\nThe token expired early.\n```\n")).toBe(
      "Fix the login\n\nThe token expired early.",
    );
    expect(messageFromAnswer("  Add tests  \n")).toBe("Add tests");
    expect(messageFromAnswer("Use `npm ci`\n\n```sh\nnpm ci\n```")).toBe("Use `npm ci`\n\n```sh\nnpm ci\n```");
  });
});
