// What "Write it for me" asks of the model for a pull request, and what it makes of the answer:
// the commits oldest first within their budget (the newest left out first, and said), the patch
// cut at a line with a line that says so, everything masked before it is cut, and a title freed of
// the labels, heading marks and quotes models put around it.

import { describe, expect, it } from "vitest";
import type { AskModel } from "../git/commitMessage.ts";
import type { BranchChanges } from "./pullRequests.ts";
import { pullRequestFromAnswer, pullRequestQuestion, writePullRequestText } from "./pullRequestText.ts";

const changes = (over: Partial<BranchChanges> = {}): BranchChanges => ({
  folder: "/work/app",
  branch: "feature/login",
  // Newest first, as git log gives them.
  commits: [
    { subject: "Test the login form", body: "" },
    { subject: "Add the login form", body: "The old one could not remember a user.\n" },
  ],
  total: 2,
  stat: " src/login.ts | 12 ++++++++++--\n 1 file changed, 10 insertions(+), 2 deletions(-)",
  patch: "diff --git a/src/login.ts b/src/login.ts\n+remember(user)\n",
  patchCut: false,
  ...over,
});

describe("pullRequestQuestion", () => {
  it("tells the commits oldest first with their messages, then the files and the patch", () => {
    const { text, shortened } = pullRequestQuestion(changes(), "main");
    expect(text).toBe(
      [
        "Write the pull request for the branch feature/login, to be merged into main (2 commits).",
        "Its commits, oldest first:\n- Add the login form\n  The old one could not remember a user.\n- Test the login form",
        "The files it changes:\n src/login.ts | 12 ++++++++++--\n 1 file changed, 10 insertions(+), 2 deletions(-)",
        "The changes:\ndiff --git a/src/login.ts b/src/login.ts\n+remember(user)",
      ].join("\n\n"),
    );
    expect(shortened).toBe(false);
  });

  it("leaves the newest commits and the patch's end out past the budget, and says so", () => {
    const many = Array.from({ length: 30 }, (_, i) => ({ subject: `Step ${30 - i}`, body: "" }));
    const patch = Array.from({ length: 100 }, (_, i) => `+line ${i}`).join("\n");
    const { text, shortened } = pullRequestQuestion(changes({ commits: many, total: 30, patch }), "main", {
      messageChars: 100,
      patchChars: 200,
    });
    expect(text).toContain("- Step 1\n");
    expect(text).not.toContain("Step 30");
    expect(text).toMatch(/…and \d+ more, left out to keep this short\./);
    expect(text).toContain("+line 0\n");
    expect(text).not.toContain("+line 99");
    expect(text).toMatch(/\+line \d+\n\[…the rest of the changes is left out, to keep this short\]$/);
    expect(shortened).toBe(true);
    // A patch git itself cut says so too.
    expect(pullRequestQuestion(changes({ patchCut: true }), "main").shortened).toBe(true);
  });

  it("names the newest it read of a long branch, keeps a long message's subject, and says when the changes could not be read", () => {
    const long = { subject: "Vendor the parser", body: "x".repeat(500) };
    const { text, shortened } = pullRequestQuestion(
      changes({ commits: [{ subject: "Use it", body: "" }, long], total: 150, patch: "", patchCut: true }),
      "main",
      { messageChars: 100, patchChars: 200 },
    );
    expect(text).toContain("(150 commits)");
    expect(text).toContain("The newest 2 of its commits, oldest first:\n- Vendor the parser\n- Use it");
    expect(text).not.toContain("xxx");
    expect(text).toMatch(/The changes could not be read \(git did not finish in time/);
    expect(shortened).toBe(true);
  });
});

describe("pullRequestFromAnswer", () => {
  it("takes the first line as the title, without a label, heading mark, quotes or fence", () => {
    expect(pullRequestFromAnswer("Add the login form\n\nIt remembers the user.")).toEqual({
      title: "Add the login form",
      body: "It remembers the user.",
    });
    expect(pullRequestFromAnswer("```markdown\n# Add the login form\n\n- a form\n- a test\n```")).toEqual({
      title: "Add the login form",
      body: "- a form\n- a test",
    });
    expect(pullRequestFromAnswer('**Title:** "Add the login form"\n\n**Description:**\nIt remembers.')).toEqual({
      title: "Add the login form",
      body: "It remembers.",
    });
    expect(pullRequestFromAnswer("Title: Add it\nDescription: Why.").body).toBe("Why.");
  });

  it("keeps a title or description that only starts like a label, and finds a title under a label of its own (review 31b)", () => {
    expect(pullRequestFromAnswer("Titlebar: keep the menu open\n\nBody parsing is faster.")).toEqual({
      title: "Titlebar: keep the menu open",
      body: "Body parsing is faster.",
    });
    expect(pullRequestFromAnswer("Title case the headings").title).toBe("Title case the headings");
    expect(pullRequestFromAnswer("## Title\nAdd the login form\n\n## Description\nIt remembers.")).toEqual({
      title: "Add the login form",
      body: "It remembers.",
    });
    expect(pullRequestFromAnswer("**Title**\nAdd it\n\nDescriptions of errors are clearer.")).toEqual({
      title: "Add it",
      body: "Descriptions of errors are clearer.",
    });
    // A fence around the whole answer goes, though the description holds code of its own.
    expect(pullRequestFromAnswer("```markdown\nAdd it\n\nRun:\n```sh\nnpm test\n```\n```")).toEqual({
      title: "Add it",
      body: "Run:\n```sh\nnpm test\n```",
    });
    // Two fenced blocks are the model's own text, not a fence around the answer.
    expect(pullRequestFromAnswer("```\nAdd A\n```\n\n```\nAdd B\n```")).toEqual({
      title: "Add A",
      body: "```\n\n```\nAdd B\n```",
    });
    // Quotes go only when they are around the whole title.
    expect(pullRequestFromAnswer('"Quoted" values are now "escaped"').title).toBe('"Quoted" values are now "escaped"');
    expect(pullRequestFromAnswer("`npm ci` replaces `npm install`").title).toBe("`npm ci` replaces `npm install`");
    expect(pullRequestFromAnswer("Add it\r\n\r\nWhy.\r\n")).toEqual({ title: "Add it", body: "Why." });
  });
});

describe("writePullRequestText", () => {
  it("masks what it sends, asks in the project's folder, and counts the commits", async () => {
    const secret = "sk-live-0123456789abcdef";
    let asked: Parameters<AskModel>[0] | undefined;
    const ask: AskModel = async (question) => {
      asked = question;
      return "Add the login form\n\nIt remembers the user.";
    };
    const answer = await writePullRequestText(
      {
        changes: async () =>
          changes({ patch: `+key = "${secret}"\n`, commits: [{ subject: `Use ${secret}`, body: "" }], total: 1 }),
      },
      "ses_1",
      { base: "main", model: { providerID: "stub", modelID: "fast" } },
      ask,
      (text) => text.replaceAll(secret, "[hidden]"),
    );
    expect(answer).toEqual({
      title: "Add the login form",
      body: "It remembers the user.",
      commits: 1,
      shortened: false,
    });
    expect(asked?.directory).toBe("/work/app");
    expect(asked?.model).toEqual({ providerID: "stub", modelID: "fast" });
    expect(asked?.system).toContain("You write GitHub pull request descriptions");
    expect(asked?.text).toContain('+key = "[hidden]"');
    expect(asked?.text).toContain("- Use [hidden]");
    expect(asked?.text).not.toContain(secret);
  });

  it("masks a secret before the patch is cut inside it", async () => {
    const secret = "sk-live-0123456789abcdef";
    let text = "";
    await writePullRequestText(
      { changes: async () => changes({ patch: `+${"x".repeat(10)}${secret}${"y".repeat(50)}\n` }) },
      "ses_1",
      { base: "main" },
      async (question) => {
        text = question.text;
        return "Add it";
      },
      // Only the whole secret is known: a piece of it would not be masked.
      (said) => said.replaceAll(secret, "[hidden]"),
      undefined,
      { messageChars: 1_000, patchChars: 20 },
    );
    expect(text).toContain("+xxxxxxxxxx[hidden]");
    expect(text).not.toContain(secret.slice(0, 6));
  });

  it("asks nothing once the window gave the question up", async () => {
    const stop = new AbortController();
    let asked = false;
    const reading = writePullRequestText(
      {
        changes: async () => {
          stop.abort();
          return changes();
        },
      },
      "ses_1",
      { base: "main" },
      async () => {
        asked = true;
        return "";
      },
      (text) => text,
      stop.signal,
    );
    await expect(reading).rejects.toThrow("The question was given up on.");
    expect(asked).toBe(false);
  });
});
