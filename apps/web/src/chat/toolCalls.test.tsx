// @vitest-environment happy-dom
// Tool calls and code in the conversation: in a person's words (never JSON), a write's text, a
// call the person refused or a rule blocked, and code blocks with Copy and colours.

import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import type { ChatEvent } from "@turnkey/contracts";
import { afterEach, describe, expect, it, vi } from "vitest";
import { emptyConversation } from "./conversation.ts";
import { MessageList } from "./MessageList.tsx";
import { applyEvents as apply } from "./testHarness.tsx";

afterEach(cleanup);

const S = "ses_a";

describe("tool calls and code", () => {
  const tool = (tool: string, state: Record<string, unknown>): ChatEvent => ({
    type: "part.updated",
    sessionID: S,
    messageID: "msg_t",
    part: {
      type: "tool",
      id: `p_${tool}`,
      tool,
      callID: "c",
      state: { status: "running", title: null, input: {}, output: null, error: null, ...state } as never,
    },
  });

  it("reads as a person would: commands, file names, folded long output, errors in red, no JSON", () => {
    const state = apply(
      emptyConversation(S),
      tool("bash", { status: "running", input: { command: "npm test", description: "Run tests" } }),
      tool("read", { status: "completed", input: { filePath: "/repo/src/app.ts" }, output: "<file>…</file>" }),
      tool("grep", {
        status: "completed",
        input: { pattern: "TODO" },
        output: Array.from({ length: 40 }, (_, i) => `hit ${i}`).join("\n"),
      }),
      tool("webfetch", { status: "error", input: { url: "https://example.com" }, error: "404 Not Found" }),
      tool("mcp_thing", { status: "running", input: { query: "weather", nested: { a: 1 } } }),
    );
    const { container } = render(<MessageList conversation={state} onPermission={() => undefined} />);
    const lines = [...container.querySelectorAll(".tool-line")].map((l) => l.textContent);
    expect(lines).toEqual([
      "Running npm test running",
      "Read /repo/src/app.ts done",
      "Searched for TODO done",
      "Tried to fetch https://example.com failed",
      "mcp_thing weather running",
    ]);
    expect(container.textContent).not.toContain("{");
    expect(container.textContent).not.toContain("<file>"); // a read shows the file, not its text
    const grep = container.querySelector('[data-tool="grep"] details') as HTMLDetailsElement;
    expect(grep.open).toBe(false);
    expect(grep.querySelector("summary")?.textContent).toBe("Output (40 lines)");
    expect(container.querySelector('[data-tool="webfetch"] .tool-error-text')?.textContent).toBe("404 Not Found");
  });

  it("a write that replaced a file shows its new text as it is; a new file's lines as added, none empty", async () => {
    const write = (content: string, replaced: boolean) =>
      tool("write", {
        status: "completed",
        input: { filePath: "/p/README.md", content },
        output: "Wrote file successfully.",
        replaced,
      });
    const replacedPart = write("# Demo\n\nBetter text.\n", true);
    const { container, unmount } = render(
      <MessageList conversation={apply(emptyConversation(S), replacedPart)} onPermission={() => undefined} />,
    );
    await waitFor(() => expect(container.querySelector(".tool-diff-replaced")).toBeTruthy());
    // Not "+ # Demo": the unchanged heading was not added.
    expect(container.querySelector(".diff-add")).toBeNull();
    expect(container.querySelector(".tool-diff-replaced pre")?.textContent).toBe("# Demo\n\nBetter text.\n");
    unmount();
    const created = write("one\ntwo\n", false);
    const fresh = render(
      <MessageList conversation={apply(emptyConversation(S), created)} onPermission={() => undefined} />,
    );
    await waitFor(() => expect(fresh.container.querySelectorAll(".diff-add")).toHaveLength(2));
  });

  it("a question dismissed or a permission denied by the person reads as that, not as a failure in red", () => {
    const state = apply(
      emptyConversation(S),
      tool("question", { status: "error", error: "The user dismissed this question" }),
      tool("bash", {
        status: "error",
        input: { command: "rm -rf build" },
        error: "The user rejected permission to use this specific tool call.",
      }),
      tool("edit", {
        status: "error",
        input: { filePath: "/p/.env" },
        error:
          "The user has specified a rule which prevents you from using this specific tool call. Here are some of the relevant rules []",
      }),
    );
    const { container } = render(<MessageList conversation={state} onPermission={() => undefined} />);
    const states = [...container.querySelectorAll(".tool-state")].map((l) => l.textContent);
    expect(states).toEqual(["dismissed", "denied", "blocked by a rule"]);
    expect(container.querySelector('[data-tool="edit"] .tool-action')?.textContent).toBe("Did not edit");
    // A denied command did not run: "Ran rm -rf build" read as if the folder were gone.
    expect(container.querySelector('[data-tool="bash"]')?.textContent).toMatch(/^Did not run\s*rm -rf build/);
    expect(container.querySelector(".tool-error-text, .tool-error")).toBeNull();
    expect(container.textContent).toContain("The user dismissed this question");
  });

  it("code blocks have a copy button and get colours from the lazily loaded highlighter", async () => {
    const writeText = vi.fn(async () => undefined);
    Object.defineProperty(navigator, "clipboard", { configurable: true, value: { writeText } });
    const state = apply(emptyConversation(S), {
      type: "text.delta",
      sessionID: S,
      messageID: "msg_live",
      partID: "p_live",
      field: "text",
      delta: "```ts\nconst answer: number = 42;\n```\n",
    });
    const { container } = render(<MessageList conversation={state} onPermission={() => undefined} />);
    fireEvent.click(screen.getByRole("button", { name: "Copy" }));
    expect(writeText).toHaveBeenCalledWith("const answer: number = 42;\n");
    await screen.findByRole("button", { name: "Copied" });
    // The highlighter loads lazily and colours a block once it is still: a generous safety net.
    await waitFor(() => expect(container.querySelector(".hljs-keyword")?.textContent).toBe("const"), {
      timeout: 15_000,
    });
    expect(container.querySelector("pre code")?.textContent).toBe("const answer: number = 42;\n");
  });
});
