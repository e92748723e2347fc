// @vitest-environment happy-dom
// A chat exported as Markdown: prompts as typed, replies' markdown, tool calls summarized in one
// line with a command's output and an edit's diff fenced (a fence that backticks inside cannot
// end), failures in words, undone turns left out; the file is named after the chat; and the
// session panel's "Export as Markdown" downloads it, also while OpenCode is stopped.
import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import type { ChatMessage } from "@turnkey/contracts";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ChatApp } from "../ChatApp.tsx";
import { fake, session, setStatus, status, textMessage } from "../testHarness.tsx";
import { chatMarkdown, exportFileName } from "./chatMarkdown.ts";

vi.mock("../../shared/api.ts", async () => (await import("../testHarness.tsx")).apiModule());
vi.mock("../../shared/useBackendEvents.ts", async () => (await import("../testHarness.tsx")).backendEventsModule());

const root = "/home/zoë/project";
const reply = (id: string, parts: ChatMessage["parts"], extra: Partial<ChatMessage> = {}): ChatMessage => ({
  ...textMessage(id, "ses_1", "assistant", ""),
  parts,
  model: { providerID: "stub", modelID: "echo" },
  agent: "build",
  ...extra,
});
const tool = (id: string, name: string, input: unknown, state: Record<string, unknown> = {}) => ({
  type: "tool" as const,
  id,
  tool: name,
  callID: id,
  state: { status: "completed" as const, title: null, input, output: null, error: null, ...state },
});
const patch = "--- a/notes.txt\n+++ b/notes.txt\n@@ -1,2 +1,2 @@\n alpha\n-beta\n+BETA\n";
const conversation: ChatMessage[] = [
  textMessage("msg_1", "ses_1", "user", "run the tests and fix `beta`"),
  reply("msg_2", [
    { type: "text", id: "t1", text: "Running them:" },
    tool("c1", "bash", { command: "npm test" }, { output: "ok 1\nprints ``` fences\n" }),
    tool(
      "c2",
      "edit",
      { filePath: `${root}/notes.txt` },
      { diff: { path: "notes.txt", patch, additions: 1, deletions: 1 } },
    ),
    tool("c3", "read", { filePath: `${root}/missing.txt` }, { status: "error", error: "File not found" }),
    { type: "reasoning", id: "r1", text: "secret thoughts" },
    { type: "text", id: "t2", text: "Fixed **beta**." },
  ]),
  textMessage("msg_3", "ses_1", "user", "and again"),
  reply("msg_4", [{ type: "text", id: "t3", text: "" }], { error: { name: "ProviderError", message: "rate limited" } }),
];

describe("a chat as Markdown", () => {
  it("holds prompts, replies, summarized tool calls with fenced output and diffs, and failures", () => {
    const md = chatMarkdown(
      { title: "Fix beta", directory: root },
      conversation,
      new Date(Date.UTC(2026, 10, 21, 22, 5)),
    );
    expect(md).toContain(
      "# Fix beta\n\n*Exported from OpenCode Turnkey on 2026-11-21 22:05 UTC. Project: `/home/zoë/project`.*",
    );
    expect(md).toContain("## You\n\nrun the tests and fix `beta`");
    expect(md).toContain("## OpenCode (build, echo)\n\nRunning them:");
    expect(md).toContain("**Ran** `npm test`\n\n````\nok 1\nprints ``` fences\n````");
    expect(md).toContain(`**Edited** \`notes.txt\`\n\n\`\`\`diff\n${patch}\`\`\``);
    expect(md).toContain("**Tried to read** `missing.txt` (failed)\n\n> File not found");
    expect(md).toContain("Fixed **beta**.");
    expect(md).not.toContain("secret thoughts");
    expect(md).toContain("*The reply failed: rate limited*");
    expect(md.indexOf("Fixed **beta**.")).toBeLessThan(md.indexOf("and again"));
  });

  it("names the file after the chat, safe on every system", () => {
    expect(exportFileName("Fix beta")).toBe("Fix beta.md");
    expect(exportFileName('a/b\\c:d*e?"f<g>|h\u0007')).toBe("a b c d e f g h.md");
    expect(exportFileName("  ...  ")).toBe("chat.md");
    expect(exportFileName("CON")).toBe("chat CON.md");
    expect(exportFileName("x".repeat(300))).toBe(`${"x".repeat(100)}.md`);
  });
});

describe("Export as Markdown in the session panel", () => {
  const saved: { name: string; text: Promise<string> }[] = [];
  beforeEach(() => {
    fake.reset();
    saved.length = 0;
    fake.api.sessions.mockResolvedValue([session("ses_1", "Fix: beta?", 10)]);
    fake.api.messages.mockResolvedValue(conversation);
    URL.createObjectURL = (blob: Blob) => {
      saved.push({ name: "", text: blob.text() });
      return "blob:export";
    };
    URL.revokeObjectURL = () => undefined;
    vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (this: HTMLAnchorElement) {
      const last = saved.at(-1);
      if (last) last.name = this.download;
    });
  });
  afterEach(() => {
    cleanup();
    vi.restoreAllMocks();
  });

  it("downloads the open chat as a file named after it, also while OpenCode is stopped", async () => {
    render(<ChatApp />);
    fireEvent.click(await screen.findByRole("button", { name: /^Fix: beta\?/ }));
    await screen.findByText("Running them:");
    const panel = screen.getByRole("complementary", { name: "Session details" });
    setStatus(status("stopped"));
    fireEvent.click(await within(panel).findByRole("button", { name: "Export as Markdown" }));
    await waitFor(() => expect(saved).toHaveLength(1));
    expect(saved[0]?.name).toBe("Fix beta.md");
    const md = await saved[0]!.text;
    expect(md).toMatch(/^# Fix: beta\?\n/);
    expect(md).toContain("**Ran** `npm test`");
  });
});
