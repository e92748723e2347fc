// @vitest-environment happy-dom
// The Files tab in the chat window: the open chat's project, read through the backend, and a file
// mentioned from the viewer lands in the message box.
import { act, cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ChatApp } from "../ChatApp.tsx";
import { fake, session } from "../testHarness.tsx";

vi.mock("../../shared/api.ts", async () => (await import("../testHarness.tsx")).apiModule());
vi.mock("../../shared/useBackendEvents.ts", async () => (await import("../testHarness.tsx")).backendEventsModule());

beforeEach(() => fake.reset());
afterEach(cleanup);

/** The chat window with one chat whose project holds one file, that file opened in the Files tab, `draft` typed. */
async function openFile(name: string, path: string, content: string, draft: string) {
  fake.api.sessions.mockResolvedValue([session("ses_1", "Work", 10)]);
  fake.api.tree.mockResolvedValue({ path: "", entries: [{ name, path, type: "file", ignored: false }] });
  fake.api.readFile.mockResolvedValue({ path, kind: "text", content, size: content.length });
  render(<ChatApp />);
  fireEvent.click(await screen.findByRole("button", { name: /^Work/ }));
  fireEvent.change(screen.getByLabelText("Message"), { target: { value: draft } });
  fireEvent.click(await screen.findByRole("tab", { name: "Files" }));
  fireEvent.click(await screen.findByRole("button", { name }));
  await screen.findByText(content);
}

describe("the Files tab of the chat window", () => {
  it("shows the files right under their searches, before the git sections", async () => {
    fake.api.sessions.mockResolvedValue([session("ses_1", "Work", 10)]);
    render(<ChatApp />);
    fireEvent.click(await screen.findByRole("button", { name: /^Work/ }));
    fireEvent.click(await screen.findByRole("tab", { name: "Files" }));
    const files = await screen.findByRole("region", { name: "Project files" });
    const textSearch = screen.getByRole("searchbox", { name: /text/i });
    const firstGit = screen.getByRole("region", { name: "Uncommitted changes" });
    const follows = (a: Node, b: Node) => Boolean(a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING);
    expect(follows(textSearch, files)).toBe(true);
    expect(follows(files, firstGit)).toBe(true);
  });

  it("keeps the commit message being written while another chat of the folder is looked at", async () => {
    fake.api.sessions.mockResolvedValue([session("ses_1", "Work", 10), session("ses_2", "Other work", 9)]);
    const state = await fake.api.gitState("ses_1");
    fake.api.gitState.mockResolvedValue({ ...state, files: [{ path: "notes.txt", state: "modified", staged: false }] });
    try {
      render(<ChatApp />);
      const messageIn = async (chat: RegExp) => {
        fireEvent.click(await screen.findByRole("button", { name: chat }));
        fireEvent.click(await screen.findByRole("tab", { name: "Files" }));
        return (await screen.findByLabelText("What the commit does")) as HTMLTextAreaElement;
      };
      fireEvent.change(await messageIn(/^Work/), { target: { value: "Explain the notes" } });
      // The same folder's next commit, whichever of its chats is open.
      expect((await messageIn(/^Other work/)).value).toBe("Explain the notes");
      expect((await messageIn(/^Work/)).value).toBe("Explain the notes");
    } finally {
      fake.api.gitState.mockResolvedValue(state); // fake.reset keeps answers a test set
    }
  });

  it("shows the open chat's project files and mentions one in the message", async () => {
    await openFile("notes.txt", "notes.txt", "alpha", "explain");
    expect(fake.api.tree).toHaveBeenCalledWith("ses_1", "", undefined); // the first page, unfiltered
    expect(fake.api.readFile).toHaveBeenCalledWith("ses_1", "notes.txt");
    fireEvent.click(screen.getByRole("button", { name: "Mention in the message" }));
    expect((screen.getByLabelText("Message") as HTMLTextAreaElement).value).toBe("explain @notes.txt ");
  });

  it("mentions a file whose name has a space, quoted, and sends it as that one file", async () => {
    await openFile("my plan.md", "docs/my plan.md", "plan", "follow");
    fireEvent.click(screen.getByRole("button", { name: "Mention in the message" }));
    const box = screen.getByLabelText("Message") as HTMLTextAreaElement;
    expect(box.value).toBe('follow @"docs/my plan.md" ');
    fireEvent.keyDown(box, { key: "Enter" });
    await waitFor(() =>
      expect(fake.api.prompt).toHaveBeenCalledWith(
        "ses_1",
        expect.objectContaining({ text: 'follow @"docs/my plan.md" ', mentions: ["docs/my plan.md"] }),
      ),
    );
  });

  it("finds a file by name and opens it, says when nothing matches and when the search failed", async () => {
    fake.api.sessions.mockResolvedValue([session("ses_1", "Work", 10)]);
    fake.api.tree.mockResolvedValue({
      path: "",
      entries: [{ name: "src", path: "src", type: "directory", ignored: false }],
    });
    fake.api.findFiles.mockImplementation(async (_id: string, q: string) =>
      q === "plan" ? ["docs/deep/plan.md", "plan.txt"] : [],
    );
    fake.api.readFile.mockResolvedValue({ path: "docs/deep/plan.md", kind: "text", content: "the plan", size: 8 });
    render(<ChatApp />);
    fireEvent.click(await screen.findByRole("button", { name: /^Work/ }));
    fireEvent.click(await screen.findByRole("tab", { name: "Files" }));
    const box = await screen.findByRole("searchbox", { name: "Find a file by name" });

    fireEvent.change(box, { target: { value: "nothing" } });
    // Each search waits for typing to pause (findPauseMs): a loaded machine is given time for it.
    expect(await screen.findByText(/^No file's name matches “nothing”/, {}, { timeout: 3000 })).toBeTruthy();
    fireEvent.change(box, { target: { value: " plan " } });
    const found = await screen.findByRole("list", { name: "Files found" }, { timeout: 3000 });
    expect(
      within(found)
        .getAllByRole("button")
        .map((b) => b.textContent),
    ).toEqual(["docs/deep/plan.md", "plan.txt"]);
    expect(fake.api.findFiles).toHaveBeenLastCalledWith("ses_1", "plan", 50, expect.any(AbortSignal));
    expect(screen.getByText("2 files found. Enter opens docs/deep/plan.md.")).toBeTruthy();
    // Enter opens the first file found in the viewer, which takes the focus; Escape closes it and
    // gives the focus back to the box, without reaching the window's Escape (stop the reply).
    box.focus();
    fireEvent.keyDown(box, { key: "Enter" });
    expect(await screen.findByText("the plan")).toBeTruthy();
    expect(fake.api.readFile).toHaveBeenCalledWith("ses_1", "docs/deep/plan.md");
    const back = screen.getByRole("button", { name: "← Files" });
    expect(document.activeElement).toBe(back);
    const windowKeys = vi.fn();
    window.addEventListener("keydown", windowKeys);
    fireEvent.keyDown(back, { key: "Escape" });
    window.removeEventListener("keydown", windowKeys);
    expect(windowKeys).not.toHaveBeenCalled();
    expect(screen.queryByText("the plan")).toBeNull();
    await waitFor(() =>
      expect(document.activeElement).toBe(screen.getByRole("searchbox", { name: "Find a file by name" })),
    );

    fireEvent.click(screen.getByRole("button", { name: "docs/deep/plan.md" }));
    fireEvent.click(await screen.findByRole("button", { name: "← Files" }));
    fake.api.findFiles.mockRejectedValue(new Error("OpenCode is not running."));
    fireEvent.change(screen.getByRole("searchbox", { name: "Find a file by name" }), { target: { value: "plans" } });
    expect(
      await screen.findByText(
        "The project's files could not be searched: OpenCode is not running.",
        {},
        { timeout: 3000 },
      ),
    ).toBeTruthy();
  });

  it("finds text in the files, grouped by file with the match marked, and opens a file at its line", async () => {
    fake.api.sessions.mockResolvedValue([session("ses_1", "Work", 10)]);
    fake.api.tree.mockResolvedValue({ path: "", entries: [] });
    const content = Array.from({ length: 40 }, (_, i) => `line ${i + 1}`).join("\n");
    fake.api.readFile.mockResolvedValue({ path: "src/a.ts", kind: "text", content, size: content.length });
    fake.api.searchText.mockImplementation(async (_id: string, query: { q: string; case: string; regex: string }) => ({
      matches:
        query.q === "needle"
          ? [
              { path: "src/a.ts", line: 12, text: "const needle = 1;", ranges: [[6, 12]] as [number, number][] },
              { path: "src/a.ts", line: 30, text: "needle()", ranges: [[0, 6]] as [number, number][] },
              { path: "README.md", line: 3, text: "A needle.", ranges: [[2, 8]] as [number, number][] },
            ]
          : [],
      cut: query.q === "needle" ? ("matches" as const) : null,
      unreadable: null,
    }));
    render(<ChatApp />);
    fireEvent.click(await screen.findByRole("button", { name: /^Work/ }));
    fireEvent.click(await screen.findByRole("tab", { name: "Files" }));
    const box = await screen.findByRole("searchbox", { name: "Find text in the files" });
    fireEvent.click(screen.getByRole("checkbox", { name: "Match case" }));
    fireEvent.change(box, { target: { value: "needle" } });
    const found = await screen.findByRole("list", { name: "Lines found" }, { timeout: 3000 });
    expect(fake.api.searchText).toHaveBeenLastCalledWith(
      "ses_1",
      { q: "needle", case: "true", regex: "false", asker: expect.stringMatching(/^\w+$/) },
      expect.any(AbortSignal),
    );
    expect(
      screen.getByText(/^3 lines in 2 files\. The first 500 lines found: search for something longer/),
    ).toBeTruthy();
    expect([...found.querySelectorAll("mark")].map((m) => m.textContent)).toEqual(["needle", "needle", "needle"]);
    box.focus();
    fireEvent.click(within(found).getByRole("button", { name: "src/a.ts line 30: needle()" }));
    expect(await screen.findByText("src/a.ts, line 30")).toBeTruthy();
    expect(fake.api.readFile).toHaveBeenCalledWith("ses_1", "src/a.ts");

    fireEvent.click(screen.getByRole("button", { name: "← Files" }));
    fireEvent.change(screen.getByRole("searchbox", { name: "Find text in the files" }), { target: { value: "hay" } });
    expect(await screen.findByText(/^No line holds “hay”/, {}, { timeout: 3000 })).toBeTruthy();
  });

  it("Ctrl+P and Ctrl+Shift+F show the Files tab at their search box from anywhere, closing an open file", async () => {
    await openFile("notes.md", "docs/notes.md", "the notes", "a draft");
    const message = screen.getByLabelText("Message");
    message.focus();
    fireEvent.keyDown(message, { key: "p", ctrlKey: true });
    await waitFor(() =>
      expect(document.activeElement).toBe(screen.getByRole("searchbox", { name: "Find a file by name" })),
    );
    expect(screen.queryByText("the notes")).toBeNull();
    // From another tab, in the message box: the Files tab is shown and the text box has the focus.
    fireEvent.click(screen.getByRole("tab", { name: "Session" }));
    expect(screen.queryByRole("searchbox", { name: "Find text in the files" })).toBeNull();
    message.focus();
    fireEvent.keyDown(message, { key: "F", ctrlKey: true, shiftKey: true });
    await waitFor(() =>
      expect(document.activeElement).toBe(screen.getByRole("searchbox", { name: "Find text in the files" })),
    );
    expect(screen.getByRole("tab", { name: "Files" }).getAttribute("aria-selected")).toBe("true");
    expect((screen.getByLabelText("Message") as HTMLTextAreaElement).value).toBe("a draft");
    // Clicking the tabs afterwards does not pull the focus into a box again.
    fireEvent.click(screen.getByRole("tab", { name: "Session" }));
    const filesTab = screen.getByRole("tab", { name: "Files" });
    filesTab.focus();
    fireEvent.click(filesTab);
    expect(document.activeElement).toBe(filesTab);
    // Both are listed with the other shortcuts; while that list is open they change nothing behind it.
    fireEvent.click(screen.getByRole("tab", { name: "Session" }));
    fireEvent.keyDown(document.body, { key: "?" });
    const help = screen.getByRole("dialog", { name: "Keyboard shortcuts" });
    expect(within(help).getByText("Ctrl+Shift+F")).toBeTruthy();
    expect(within(help).getByText("Ctrl+P")).toBeTruthy();
    fireEvent.keyDown(document.body, { key: "p", ctrlKey: true });
    expect(screen.getByRole("tab", { name: "Session" }).getAttribute("aria-selected")).toBe("true");
  });

  it("searches the text again when the chat's reply ends, not when it starts", async () => {
    fake.api.sessions.mockResolvedValue([session("ses_1", "Work", 10)]);
    fake.api.tree.mockResolvedValue({ path: "", entries: [] });
    render(<ChatApp />);
    fireEvent.click(await screen.findByRole("button", { name: /^Work/ }));
    fireEvent.click(await screen.findByRole("tab", { name: "Files" }));
    fireEvent.change(await screen.findByRole("searchbox", { name: "Find text in the files" }), {
      target: { value: "TODO" },
    });
    await waitFor(() => expect(fake.api.searchText).toHaveBeenCalledTimes(1), { timeout: 3000 });
    await act(async () => {
      fake.emit({ type: "session.status", sessionID: "ses_1", status: "busy", attempt: null, message: null });
    });
    await act(async () => {}); // a search the start asked for would have gone out by now (no pause on a refresh)
    expect(fake.api.searchText).toHaveBeenCalledTimes(1);
    await act(async () => {
      fake.emit({ type: "session.status", sessionID: "ses_1", status: "idle", attempt: null, message: null });
    });
    await waitFor(() => expect(fake.api.searchText).toHaveBeenCalledTimes(2), { timeout: 3000 });
  });

  it("ends a search still running when the text changes, and says when long lines cut the answer", async () => {
    fake.api.sessions.mockResolvedValue([session("ses_1", "Work", 10)]);
    fake.api.tree.mockResolvedValue({ path: "", entries: [] });
    const signals = new Map<string, AbortSignal>();
    fake.api.searchText.mockImplementation((_id: string, query: { q: string }, signal?: AbortSignal) => {
      if (signal) signals.set(query.q, signal);
      // "slow" never answers (a search of a huge tree); "min" finds lines too long to send them all.
      if (query.q === "slow") return new Promise(() => {});
      return Promise.resolve({ matches: [], cut: "size" as const, unreadable: null });
    });
    render(<ChatApp />);
    fireEvent.click(await screen.findByRole("button", { name: /^Work/ }));
    fireEvent.click(await screen.findByRole("tab", { name: "Files" }));
    const box = await screen.findByRole("searchbox", { name: "Find text in the files" });
    fireEvent.change(box, { target: { value: "slow" } });
    await waitFor(() => expect(signals.get("slow")).toBeDefined(), { timeout: 3000 });
    expect(signals.get("slow")?.aborted).toBe(false);
    fireEvent.change(box, { target: { value: "min" } });
    // The older request is ended at once (the backend ends its ripgrep with it), not left to finish.
    expect(signals.get("slow")?.aborted).toBe(true);
    expect(
      await screen.findByText(
        /^No line to show\. The lines holding it are too long to send them all/,
        {},
        { timeout: 3000 },
      ),
    ).toBeTruthy();
    expect(screen.queryByText(/No line holds/)).toBeNull();
  });
});
