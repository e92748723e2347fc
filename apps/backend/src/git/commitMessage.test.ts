// "Write it for me"'s question: the budget and fence rules by themselves, then with real git in a
// temp repository and a fake model that records what it was asked: a secret masked before any cut
// (so no part of it is sent), no signature verifier run for the recent subjects, a build folder of
// binary files that cannot make the question grow, and a question given up on before it is asked.
import { chmodSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { GitWorkFile } from "@turnkey/contracts";
import { describe, expect, it } from "vitest";
import { gitIn, refusal, standInSigner, tempRepo } from "../../test/tempGitRepo.ts";
import { type AskModel, messageFromAnswer, messageQuestion, writeCommitMessage } from "./commitMessage.ts";

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

  it("cuts a long patch at a line's end within its limit, leaves out those past the total, and says how many", () => {
    // The line that says a patch is cut counts against the budget too: sized from it, so that
    // 11 characters of long.ts's patch fit with it, then 10 of short.ts's with its own.
    const said = `[…the rest of long.ts's changes is left out]\n`.length;
    const budget = { filesNamed: 2, patchChars: said + 12, totalChars: 2 * said + 17 };
    const { text, shortened } = messageQuestion(
      [
        { file: file("long.ts"), counts: undefined, patch: `0123\n${"4567".repeat(20)}` },
        { file: file("short.ts"), counts: undefined, patch: `abcdefghij${"k".repeat(100)}` },
        { file: file("late.ts"), counts: undefined, patch: undefined },
      ],
      [],
      budget,
    );
    expect(text).toContain("0123\n[…the rest of long.ts's changes is left out]");
    expect(text).not.toContain("4567");
    // Room for 10 characters of the second, whose one line is longer: cut inside it.
    expect(text).toContain("abcdefghij\n[…the rest of short.ts's changes is left out]");
    expect(text).toContain("Files:\nM long.ts\nM short.ts\n…and 1 more file.");
    // Two cut, and the one not named (nor read).
    expect(shortened).toBe(3);
    expect(text).toContain("The changes of 3 files are cut short or left out, to keep this short.");
    expect(text).not.toContain("Recent commit subjects");
    expect(text.split("The changes:\n")[1]!.split("\n\n")[0]!.length).toBeLessThanOrEqual(budget.totalChars);
  });
});

describe("the message out of the model's answer", () => {
  it("takes off a fence and the blank lines around, and keeps the body", () => {
    expect(messageFromAnswer("\n```text\nFix the login\n\nThe token expired early.\n```\n")).toBe(
      "Fix the login\n\nThe token expired early.",
    );
    expect(messageFromAnswer("  Add tests  \n")).toBe("Add tests");
    expect(messageFromAnswer("Use `npm ci`\n\n```sh\nnpm ci\n```")).toBe("Use `npm ci`\n\n```sh\nnpm ci\n```");
    // Two fenced blocks are the model's own text, kept whole; Windows line ends are read too.
    const two = "```\nAdd A\n```\n\n```\nAdd B\n```";
    expect(messageFromAnswer(two)).toBe(two);
    expect(messageFromAnswer("```\r\nFix it\r\n```\r\n")).toBe("Fix it");
    // A fence around a message that holds code of its own comes off; the code's stays.
    expect(messageFromAnswer("```\nFix the parser\n\n```ts\nparse(x)\n```\n```")).toBe(
      "Fix the parser\n\n```ts\nparse(x)\n```",
    );
  });
});

describe("writing the message from a repository", () => {
  const key = "sk-a-provider-key-saved-in-the-app-0123456789";
  const redact = (text: string) => text.replaceAll(key, "[redacted]");
  function recordingModel() {
    const asked: string[] = [];
    const ask: AskModel = async (question) => {
      asked.push(question.text);
      return "```\nAdd the files\n```";
    };
    return { asked, ask };
  }

  it("masks a secret in the changes, a file's name and a subject before anything is cut or sent", async () => {
    const { project, projectGit } = tempRepo("turnkey message-");
    const git = gitIn(project);
    writeFileSync(join(project, "first.txt"), "1\n");
    git("add", "first.txt");
    git("commit", "-qm", `Rotate ${key}`);
    writeFileSync(join(project, "settings.env"), `${"x".repeat(150)}\nKEY=${key}\n`);
    writeFileSync(join(project, `note-${key}.txt`), "n\n");
    const { asked, ask } = recordingModel();
    const budget = { filesNamed: 10, patchChars: 1_000, totalChars: 2_000 };
    const paths = ["settings.env", `note-${key}.txt`];
    const answer = await writeCommitMessage(projectGit, "s", { paths }, ask, redact, undefined, budget);
    expect(answer).toEqual({ message: "Add the files", files: 2, shortened: 0 });
    expect(asked[0]).toContain("KEY=[redacted]");
    expect(asked[0]).toContain("A note-[redacted].txt");
    expect(asked[0]).toContain("Rotate [redacted]");
    expect(asked[0]).not.toContain(key.slice(0, 12));
  });

  it("runs no signature verifier for the recent subjects (log.showSignature in .git/config)", async () => {
    const { root, project, projectGit } = tempRepo("turnkey message-");
    const git = gitIn(project);
    writeFileSync(join(project, "a.txt"), "a\n");
    git("add", "a.txt");
    git("-c", `gpg.program=${standInSigner(root)}`, "commit", "-qm", "Sign the first", "-S");
    const ran = join(root, "verifier-ran");
    const verifier = join(root, "verifier.sh");
    writeFileSync(verifier, `#!/bin/sh\ntouch '${ran.replaceAll("\\", "/")}'\necho VERIFIED\n`);
    chmodSync(verifier, 0o755);
    git("config", "log.showSignature", "true");
    git("config", "gpg.program", verifier.replaceAll("\\", "/"));
    writeFileSync(join(project, "a.txt"), "a\nb\n");
    const { asked, ask } = recordingModel();
    await writeCommitMessage(projectGit, "s", { paths: ["a.txt"] }, ask, redact);
    expect(asked[0]).toContain("Recent commit subjects in this repository:\nSign the first");
    expect(asked[0]).not.toContain("VERIFIED");
    expect(existsSync(ran)).toBe(false);
  });

  it("keeps a build folder of binary files within the budget, naming the rest by count", async () => {
    const { project, projectGit } = tempRepo("turnkey message-");
    mkdirSync(join(project, "dist"));
    for (let i = 0; i < 60; i++) writeFileSync(join(project, "dist", `image-${i}.png`), `\0binary ${i}`);
    const { asked, ask } = recordingModel();
    const budget = { filesNamed: 40, patchChars: 500, totalChars: 600 };
    const every = { all: true, rules: [], chosen: [], leftOut: [] };
    const listing = (await projectGit.selection("s", every)).listing;
    const answer = await writeCommitMessage(
      projectGit,
      "s",
      { selection: every, listing },
      ask,
      redact,
      undefined,
      budget,
    );
    const changes = asked[0]!.split("The changes:\n")[1]!.split("\n\n")[0]!;
    expect(changes.length).toBeLessThanOrEqual(600);
    expect(changes).toContain("dist/image-0.png: binary, or too large to show.");
    expect(asked[0]).toContain("…and 20 more files.");
    expect(answer.files).toBe(60);
    // Named but past the budget (40 named, about a dozen lines fit), and the 20 not named.
    expect(answer.shortened).toBeGreaterThan(20);
    expect(asked[0]).toContain(`The changes of ${answer.shortened} files are cut short or left out`);
  });

  it("reads and asks nothing more once the question is given up on", async () => {
    const { project, projectGit } = tempRepo("turnkey message-");
    writeFileSync(join(project, "a.txt"), "a\n");
    const { asked, ask } = recordingModel();
    const stop = new AbortController();
    stop.abort();
    const error = await refusal(writeCommitMessage(projectGit, "s", { paths: ["a.txt"] }, ask, redact, stop.signal));
    expect(error.message).toBe("The question was given up on.");
    expect(asked).toEqual([]);
  });
});
