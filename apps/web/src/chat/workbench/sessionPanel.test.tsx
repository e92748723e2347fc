// @vitest-environment happy-dom
// The session panel beside the conversation. Session tab: each prompt with its files, its reply's
// cost and Undo; Redo while undone. Changes tab: every file the session changed, each once with
// its +/- counts, a readable diff on click (one per prompt when several touched the file), and a
// list that follows the session: opencode saying the files moved makes the window read it again.
import { act, cleanup, fireEvent, render, renderHook, screen, waitFor, within } from "@testing-library/react";
import type { ChangesResponse, SessionFileChange } from "@turnkey/contracts";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { MessageView } from "../conversation.ts";
import { EditingBar } from "../EditingBar.tsx";
import { fake, session, textMessage } from "../testHarness.tsx";
import { promptsShownFirst, SessionPanel } from "./SessionPanel.tsx";
import { formatCost } from "./usage.ts";
import { useWorkbench } from "./useWorkbench.ts";
import { emptyWorkbench } from "./workbenchState.ts";

vi.mock("../../shared/api.ts", async () => (await import("../testHarness.tsx")).apiModule());

beforeEach(() => fake.reset());
afterEach(cleanup);

const S = "ses_1";
const patchOf = (from: string, to: string) => `--- notes.txt\n+++ notes.txt\n@@ -1,1 +1,1 @@\n-${from}\n+${to}\n`;
const notes: SessionFileChange = {
  path: "notes.txt",
  status: "modified",
  additions: 2,
  deletions: 2,
  patches: [
    { messageID: "msg_1", patch: patchOf("beta", "BETA") },
    { messageID: "msg_3", patch: patchOf("gamma", "GAMMA") },
  ],
};
const added: SessionFileChange = {
  path: "src/added.ts",
  status: "added",
  additions: 2,
  deletions: 0,
  patches: [{ messageID: "msg_3", patch: "--- /dev/null\n+++ src/added.ts\n@@ -0,0 +1,2 @@\n+one\n+two\n" }],
};
const messages: MessageView[] = [
  textMessage("msg_1", S, "user", "capitalise beta"),
  textMessage("msg_2", S, "assistant", "done"),
  textMessage("msg_3", S, "user", "capitalise gamma and add a file"),
];

function panel(files: SessionFileChange[]) {
  return (
    <SessionPanel
      messages={messages}
      state={{ ...emptyWorkbench(S), session: files }}
      contextLimit={null}
      busy={false}
      onRevert={() => undefined}
      onUnrevert={() => undefined}
    />
  );
}

const usage = { input: 100, output: 50, reasoning: 0, cacheRead: 0, cacheWrite: 0, cost: 0.002 };

describe("the Session tab", () => {
  it("says what fills the context, roughly, and how to make room once it is mostly full", () => {
    const full = { input: 800, output: 0, reasoning: 0, cacheRead: 0, cacheWrite: 0, cost: 0 };
    render(
      <SessionPanel
        messages={[
          textMessage("msg_1", S, "user", "u".repeat(400)),
          { ...textMessage("msg_2", S, "assistant", "r".repeat(800)), usage: full },
        ]}
        state={emptyWorkbench(S)}
        contextLimit={1000}
        busy={false}
        onRevert={() => undefined}
        onUnrevert={() => undefined}
      />,
    );
    // Counted once opened.
    expect(screen.queryByRole("list", { name: "What fills the context" })).toBeNull();
    const section = screen.getByText("What fills the context").closest("details")!;
    section.open = true;
    fireEvent(section, new Event("toggle"));
    const list = screen.getByRole("list", { name: "What fills the context" });
    expect(
      within(list)
        .getAllByRole("listitem")
        .map((item) => item.textContent),
    ).toEqual([
      "The replies: about 200 (25%)",
      "Your messages: about 100 (13%)",
      "OpenCode's instructions, the tools' descriptions and the rest: about 500 (63%)",
    ]);
    expect(screen.getByTestId("usage-meter").textContent).toContain("To make room: Compact summarises the chat so far");
  });

  it("lists each prompt with its changed files, reply cost and Undo; Redo while undone", () => {
    const onRevert = vi.fn();
    const onUnrevert = vi.fn();
    const messages = [
      textMessage("msg_1", S, "user", "capitalise beta"),
      { ...textMessage("msg_2", S, "assistant", "done"), usage },
      textMessage("msg_3", S, "user", "again"),
    ];
    const state = {
      ...emptyWorkbench(S),
      changes: [
        {
          messageID: "msg_1",
          files: [
            {
              path: "notes.txt",
              status: "modified" as const,
              additions: 1,
              deletions: 1,
              patch: patchOf("beta", "BETA"),
            },
          ],
        },
      ],
      session: [
        {
          path: "notes.txt",
          status: "modified" as const,
          additions: 1,
          deletions: 1,
          patches: [{ messageID: "msg_1", patch: patchOf("beta", "BETA") }],
        },
      ],
    };
    /** The panel over `messages`, undone from `revert` on. */
    const at = (revert: { messageID: string; partID: null } | null) => (
      <SessionPanel
        messages={messages}
        state={{ ...state, revert }}
        contextLimit={1000}
        busy={false}
        onRevert={onRevert}
        onUnrevert={onUnrevert}
      />
    );
    const { rerender } = render(at(null));
    expect(screen.getByText(/1 file changed in this session/)).toBeTruthy();
    expect(screen.getByTestId("usage-meter").textContent).toContain("context 150 of 1.0k (15%)");
    expect(screen.getByText("notes.txt")).toBeTruthy();
    expect(screen.getByText(/150 tokens · \$0\.0020/)).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Undo from “capitalise beta”" }));
    expect(onRevert).toHaveBeenCalledWith("msg_1");

    rerender(at({ messageID: "msg_3", partID: null }));
    expect(screen.getByRole("status").textContent).toContain("Undone: 1 prompt and its file changes.");
    expect(screen.queryByText("again")).toBeNull();
    // Told by another window's undo: the keyboard stays where it was.
    expect(document.activeElement).not.toBe(screen.getByRole("button", { name: "Redo" }));
    fireEvent.click(screen.getByRole("button", { name: "Redo" }));
    expect(onUnrevert).toHaveBeenCalled();

    // The undo pressed here arrives: its Redo takes the focus (the pressed Undo went with its prompt).
    rerender(at({ messageID: "msg_1", partID: null }));
    expect(screen.getByRole("status").textContent).toContain("Undone: 2 prompts and their file changes.");
    expect(document.activeElement).toBe(screen.getByRole("button", { name: "Redo" }));

    // Redone, then the same undo told again by another window: the press was answered once, so
    // the keyboard stays where the person put it.
    rerender(at(null));
    const elsewhere = document.createElement("input");
    document.body.append(elsewhere);
    elsewhere.focus();
    rerender(at({ messageID: "msg_1", partID: null }));
    expect(document.activeElement).toBe(elsewhere);
    elsewhere.remove();
  });

  /** A chat of one prompt and its reply, undone from `revert` on (`filesTracked`: as the panel is told). */
  const undonePanel = (prompt: string, revert: { messageID: string; partID: null } | null, filesTracked = true) => (
    <SessionPanel
      messages={[textMessage("msg_1", "ses_a", "user", prompt), textMessage("msg_2", "ses_a", "assistant", "done")]}
      state={{ ...emptyWorkbench("ses_a"), revert }}
      contextLimit={null}
      busy={false}
      filesTracked={filesTracked}
      onRevert={() => undefined}
      onUnrevert={() => undefined}
    />
  );

  it("an undo that lands after the person went on typing elsewhere leaves the keyboard there", () => {
    const { rerender } = render(undonePanel("one", null));
    fireEvent.click(screen.getByRole("button", { name: "Undo from “one”" }));
    const box = document.createElement("textarea");
    document.body.append(box);
    box.focus(); // the slow undo is still under way
    rerender(undonePanel("one", { messageID: "msg_1", partID: null }));
    expect(document.activeElement).toBe(box);
    box.remove();
  });

  it("outside git, says before and after an undo that the files stay as they are", () => {
    const { rerender } = render(undonePanel("capitalise beta", null, false));
    expect(screen.getByText(/Undo takes back the conversation only, and files stay as they are/)).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Undo from “capitalise beta” (the conversation only)" }));
    rerender(undonePanel("capitalise beta", { messageID: "msg_1", partID: null }, false));
    expect(screen.getByRole("status").textContent).toMatch(
      /^Undone: 1 prompt, in the conversation only\. This folder is not a git repository, so OpenCode kept no copy of the files: they stay as they are\./,
    );
    // Editing an earlier prompt (an undo, then the edited prompt) says the same before it is sent.
    render(<EditingBar keptDraft={false} filesTracked={false} sending={false} onCancel={() => undefined} />);
    expect(screen.getByRole("region", { name: "Editing an earlier prompt" }).textContent).toContain(
      "everything after it in the conversation only (this folder is not a git repository: files stay as they are)",
    );
  });

  it("never shows a paid reply as free", () => {
    expect([0, 0.00003, 0.0012, 1.5].map(formatCost)).toEqual(["$0", "<$0.0001", "$0.0012", "$1.50"]);
  });
});

describe("the Changes tab", () => {
  it("lists every file the session changed once, with +/- counts, and expands each to its diff", async () => {
    render(panel([notes, added]));
    fireEvent.click(screen.getByRole("tab", { name: "Changes (2)" }));
    const list = screen.getByRole("region", { name: "Files changed in this session" });
    expect(within(list).getByText(/2 files changed in this session/).textContent).toContain("+4 −2");
    const rows = within(list).getAllByRole("listitem");
    expect(rows.map((r) => r.textContent)).toEqual(["notes.txt +2 −2", "src/added.ts +2 −0 (added)"]);

    fireEvent.click(within(list).getByRole("button", { name: "src/added.ts" }));
    await waitFor(() => expect(rows[1]?.querySelectorAll("tr.diff-add")).toHaveLength(2));
    expect(within(rows[1]!).queryByText(/^From /)).toBeNull(); // one prompt: no label needed

    // Touched by two prompts: one diff each, named after its prompt.
    fireEvent.click(within(list).getByRole("button", { name: "notes.txt" }));
    expect(within(rows[0]!).getByText("From “capitalise beta”")).toBeTruthy();
    expect(within(rows[0]!).getByText("From “capitalise gamma and add a file”")).toBeTruthy();
    await waitFor(() => expect(rows[0]?.querySelectorAll("tr.diff-add")).toHaveLength(2));
  });

  it("says so when nothing changed yet, and the Session tab links to the list", () => {
    const { rerender } = render(panel([]));
    fireEvent.click(screen.getByRole("tab", { name: "Changes" }));
    expect(screen.getByText(/No file changed in this session yet/)).toBeTruthy();
    rerender(panel([added]));
    fireEvent.click(screen.getByRole("tab", { name: "Session" }));
    fireEvent.click(screen.getByRole("button", { name: "1 file changed in this session" }));
    expect(screen.getByRole("tab", { name: "Changes (1)" }).getAttribute("aria-selected")).toBe("true");
    expect(screen.getByRole("button", { name: "src/added.ts" })).toBeTruthy();
  });

  it("a failed read of the agents and models gives way to the pickers when they are read again", async () => {
    const catalog = await fake.api.workbench(null);
    fake.api.workbench.mockRejectedValueOnce(new Error("OpenCode did not answer"));
    const open = session(S, "Chat", 1);
    const onProblem = () => undefined; // stable, as ChatApp's is
    const { result } = renderHook(() => useWorkbench(open, 4242, onProblem));
    await waitFor(() => expect(result.current.catalogFailed).toBe(true));
    // A provider connected since (a key saved, a sign-in): the catalog is read again, and comes.
    act(() => result.current.reloadCatalog());
    await waitFor(() => expect(result.current.catalog).toEqual(catalog));
    expect(result.current.catalogFailed).toBe(false);
  });

  it("reads the changes again when opencode says the session's files moved", async () => {
    const first: ChangesResponse = { messages: [], session: [] };
    const later: ChangesResponse = { messages: [], session: [added] };
    fake.api.changes.mockResolvedValueOnce(first).mockResolvedValueOnce(later);
    const open = session(S, "Chat", 1);
    const onProblem = () => undefined; // stable, as ChatApp's is
    const { result } = renderHook(() => useWorkbench(open, 4242, onProblem));
    await waitFor(() => expect(fake.api.changes).toHaveBeenCalledTimes(1));
    expect(result.current.state.session).toEqual([]);
    act(() => result.current.onEvent({ type: "session.diff", sessionID: S, files: [] }));
    await waitFor(() => expect(result.current.state.session).toEqual([added]));
    expect(fake.api.changes).toHaveBeenCalledTimes(2);
  });
});

describe("a long session's prompts", () => {
  it("lists the latest prompts first and the earlier ones on request, so opening 1,000 prompts lays out a few", () => {
    const long = Array.from({ length: 2000 }, (_, i) =>
      textMessage(`msg_${String(i).padStart(4, "0")}`, S, i % 2 ? "assistant" : "user", `prompt ${i}`),
    );
    render(
      <SessionPanel
        messages={long}
        state={emptyWorkbench(S)}
        contextLimit={null}
        busy={false}
        onRevert={() => undefined}
        onUnrevert={() => undefined}
      />,
    );
    const turns = () => document.querySelectorAll("li.turn");
    expect(turns()).toHaveLength(promptsShownFirst);
    expect(turns()[promptsShownFirst - 1]?.textContent).toContain("prompt 1998");
    fireEvent.click(screen.getByRole("button", { name: `Show earlier prompts (${1000 - promptsShownFirst} more)` }));
    expect(turns()).toHaveLength(promptsShownFirst + 200);
  });
});
