// @vitest-environment happy-dom
// "Open in" in the Files tab: the project in the editor used last, the others a click away, an
// open file at the line it was found at (only for editors that take one) or shown in the file
// manager, what happened said beside the buttons, and nothing where the backend opens no apps.
import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import type { OpenWithRequest, OpenWithResponse, TextSearchResponse } from "@turnkey/contracts";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ChangedFile } from "../workbench/ChangedFile.tsx";
import { firstChangedLine } from "../workbench/patch.ts";
import { type FileSource, FilesPanel } from "./FilesPanel.tsx";
import { OpenWithContext } from "./OpenWith.tsx";

afterEach(cleanup);

const installed: OpenWithResponse = {
  apps: [
    { id: "vscode", name: "Visual Studio Code", kind: "editor", lines: true },
    { id: "other", name: "Other Editor", kind: "editor", lines: false },
    { id: "files", name: "File Explorer", kind: "files", lines: false },
    { id: "terminal", name: "Windows Terminal", kind: "terminal", lines: false },
  ],
  preferred: null,
  unavailable: null,
};

function source(listed: OpenWithResponse, open?: (request: OpenWithRequest) => Promise<{ message: string }>) {
  const opened: OpenWithRequest[] = [];
  const search: TextSearchResponse = {
    matches: [{ path: "src/app.ts", line: 3, text: "const answer = 42;", ranges: [[6, 12]] }],
    cut: null,
    unreadable: null,
  };
  const files: FileSource = {
    tree: async (path) => ({ path, entries: [] }),
    read: async (path) => ({ path, kind: "text", content: "a\nb\nconst answer = 42;\n", size: 22 }),
    git: async () => ({ files: [] }),
    diff: async (path) => ({ path, patch: null }),
    searchText: async () => search,
    openWith: {
      apps: vi.fn(async () => listed),
      open: async (request) => {
        opened.push(request);
        return open ? open(request) : { message: `Opened ${request.path ?? "the project folder"}.` };
      },
    },
  };
  return { files, opened };
}

describe("Open in", () => {
  it("opens the project in the first editor, and the editor chosen from the others is offered first after", async () => {
    const { files, opened } = source(installed);
    render(<FilesPanel source={files} refreshKey={0} onMention={() => undefined} />);
    fireEvent.click(await screen.findByRole("button", { name: "Open in Visual Studio Code" }));
    await screen.findByText("Opened the project folder.");
    expect(opened).toEqual([{ app: "vscode" }]);

    const more = screen.getByRole("button", { name: "Open the project in another app" });
    fireEvent.click(more);
    const others = screen.getByRole("group", { name: "Other apps" });
    expect(
      within(others)
        .getAllByRole("button")
        .map((b) => b.textContent),
    ).toEqual(["Open in Other Editor", "Open in File Explorer", "Open Windows Terminal here"]);
    // Escape closes the list and gives the focus back to its button.
    fireEvent.keyDown(within(others).getByRole("button", { name: "Open Windows Terminal here" }), { key: "Escape" });
    expect(screen.queryByRole("group", { name: "Other apps" })).toBeNull();
    expect(document.activeElement).toBe(more);

    fireEvent.click(more);
    fireEvent.click(screen.getByRole("button", { name: "Open in Other Editor" }));
    // The list's own "Open in Other Editor" is there before the answer: wait for the list to close.
    await waitFor(() => expect(screen.queryByRole("group", { name: "Other apps" })).toBeNull());
    expect(screen.getByRole("button", { name: "Open in Other Editor" })).toBeTruthy();
    expect(opened.at(-1)).toEqual({ app: "other" });
    // The list closed with the button that had the keyboard: it is back on ▾, not on the page,
    // where Escape would stop the running reply.
    expect(screen.queryByRole("group", { name: "Other apps" })).toBeNull();
    expect(document.activeElement).toBe(more);
    // A terminal is a side trip: the editor stays the one offered first.
    fireEvent.click(more);
    fireEvent.click(screen.getByRole("button", { name: "Open Windows Terminal here" }));
    await waitFor(() => expect(opened.at(-1)).toEqual({ app: "terminal" }));
    expect(screen.getByRole("button", { name: "Open in Other Editor" })).toBeTruthy();
  });

  it("opens a file found by a text search at its line, and shows it in the file manager, never in a terminal", async () => {
    const { files, opened } = source({ ...installed, preferred: "vscode" });
    render(<FilesPanel source={files} refreshKey={0} onMention={() => undefined} />);
    fireEvent.change(await screen.findByRole("searchbox", { name: "Find text in the files" }), {
      target: { value: "answer" },
    });
    fireEvent.click(await screen.findByRole("button", { name: "src/app.ts line 3: const answer = 42;" }));
    const viewer = await screen.findByRole("region", { name: "File src/app.ts" });
    fireEvent.click(within(viewer).getByRole("button", { name: "Open in Visual Studio Code" }));
    await within(viewer).findByText("Opened src/app.ts.");
    fireEvent.click(within(viewer).getByRole("button", { name: "Open the file in another app" }));
    const others = within(viewer).getByRole("group", { name: "Other apps" });
    expect(
      within(others)
        .getAllByRole("button")
        .map((b) => b.textContent),
    ).toEqual(["Open in Other Editor", "Show in File Explorer"]);
    fireEvent.click(within(others).getByRole("button", { name: "Open in Other Editor" }));
    await waitFor(() => expect(opened).toHaveLength(2));
    // The line goes only to an editor that takes one.
    expect(opened).toEqual([
      { app: "vscode", path: "src/app.ts", line: 3 },
      { app: "other", path: "src/app.ts" },
    ]);
  });

  it("opens one app at a time: a second click while one opens starts nothing", async () => {
    let finish: (value: { message: string }) => void = () => {};
    const { files, opened } = source(installed, () => new Promise((resolve) => (finish = resolve)));
    render(<FilesPanel source={files} refreshKey={0} onMention={() => undefined} />);
    const button = await screen.findByRole("button", { name: "Open in Visual Studio Code" });
    fireEvent.click(button);
    await screen.findByText("Opening…");
    expect(button.getAttribute("aria-disabled")).toBe("true");
    fireEvent.click(button);
    finish({ message: "Opened the project folder in Visual Studio Code." });
    await screen.findByText("Opened the project folder in Visual Studio Code.");
    expect(opened).toEqual([{ app: "vscode" }]);
  });

  it("offers a terminal on its own when it is all there is", async () => {
    const { files, opened } = source({
      apps: [{ id: "terminal", name: "Terminal", kind: "terminal", lines: false }],
      preferred: null,
      unavailable: null,
    });
    render(<FilesPanel source={files} refreshKey={0} onMention={() => undefined} />);
    fireEvent.click(await screen.findByRole("button", { name: "Open Terminal here" }));
    await waitFor(() => expect(opened).toEqual([{ app: "terminal" }]));
  });

  it("says why an app did not open, and keeps the buttons for another try", async () => {
    const { files } = source(installed, async () => {
      throw new Error("the project folder could not be opened in Visual Studio Code: Code.exe is not there any more.");
    });
    render(<FilesPanel source={files} refreshKey={0} onMention={() => undefined} />);
    fireEvent.click(await screen.findByRole("button", { name: "Open in Visual Studio Code" }));
    expect((await screen.findByRole("alert")).textContent).toMatch(/Code\.exe is not there any more/);
    expect(screen.getByRole("button", { name: "Open in Visual Studio Code" }).hasAttribute("disabled")).toBe(false);
  });

  it("shows nothing where the backend opens no apps", async () => {
    const { files } = source({ apps: [], preferred: null, unavailable: "The backend runs without a desktop." });
    render(<FilesPanel source={files} refreshKey={0} onMention={() => undefined} />);
    await waitFor(() => expect(files.openWith?.apps).toHaveBeenCalled());
    await screen.findByRole("region", { name: "Project files" });
    expect(screen.queryByRole("button", { name: /^Open in/ })).toBeNull();
  });
});

describe("Open in from the Changes tab", () => {
  it("opens a changed file at the first line its latest change touched, and offers nothing for a deleted one", async () => {
    const { files, opened } = source({ ...installed, preferred: "vscode" });
    const shared = { source: files.openWith!, listed: { ...installed, preferred: "vscode" }, used: () => {} };
    const earlier = "@@ -1,2 +1,2 @@\n a\n-b\n+B\n";
    const latest = "@@ -8,4 +8,5 @@\n h\n i\n-j\n+J\n+J2\n k\n";
    render(
      <OpenWithContext.Provider value={shared}>
        <ul>
          <ChangedFile
            file={{ path: "src/app.ts", status: "modified", additions: 3, deletions: 2 }}
            patches={[
              { label: "first prompt", patch: earlier },
              { label: "second prompt", patch: latest },
            ]}
          />
          <ChangedFile file={{ path: "old.ts", status: "deleted", additions: 0, deletions: 4 }} patches={[]} />
        </ul>
      </OpenWithContext.Provider>,
    );
    // Only once the file's diff is open: the list stays one line a file.
    expect(screen.queryByRole("button", { name: "Open in Visual Studio Code" })).toBeNull();
    fireEvent.click(screen.getByRole("button", { name: "src/app.ts" }));
    fireEvent.click(await screen.findByRole("button", { name: "Open in Visual Studio Code" }));
    await waitFor(() => expect(opened).toEqual([{ app: "vscode", path: "src/app.ts", line: 10 }]));
    fireEvent.click(screen.getByRole("button", { name: "old.ts" }));
    expect(screen.getAllByRole("button", { name: "Open in Visual Studio Code" })).toHaveLength(1);
  });

  it("opens a file of the Files tab's change list at its first changed line", async () => {
    const { files, opened } = source({ ...installed, preferred: "vscode" });
    files.git = async () => ({
      files: [
        { path: "notes.txt", status: "modified", additions: 1, deletions: 1, patch: null },
        { path: "gone.txt", status: "deleted", additions: 0, deletions: 2, patch: null },
      ],
    });
    files.diff = async (path) => ({
      path,
      patch: path === "notes.txt" ? "@@ -1,3 +1,3 @@\n alpha\n-beta\n+BETA\n gamma\n" : "@@ -1,2 +0,0 @@\n-a\n-b\n",
    });
    render(<FilesPanel source={files} refreshKey={0} onMention={() => undefined} />);
    const changes = await screen.findByRole("region", { name: "Uncommitted changes" });
    fireEvent.click(await within(changes).findByRole("button", { name: "notes.txt" }));
    await within(changes).findByText("BETA");
    fireEvent.click(within(changes).getByRole("button", { name: "Open in Visual Studio Code" }));
    await waitFor(() => expect(opened).toEqual([{ app: "vscode", path: "notes.txt", line: 2 }]));
    fireEvent.click(within(changes).getByRole("button", { name: "gone.txt" }));
    await within(changes).findByText("b");
    expect(within(changes).getAllByRole("button", { name: "Open in Visual Studio Code" })).toHaveLength(1);
  });

  it("finds where a patch's first change stands in the new file", () => {
    expect(firstChangedLine("@@ -8,4 +8,5 @@\n h\n i\n-j\n+J\n k\n")).toBe(10);
    // Only removed lines: the line that now stands where they were.
    expect(firstChangedLine("@@ -5,3 +5,1 @@\n e\n-f\n-g\n")).toBe(6);
    expect(firstChangedLine("@@ -1,2 +0,0 @@\n-a\n-b\n")).toBe(1);
    expect(firstChangedLine("diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -0,0 +1,2 @@\n+a\n+b\n")).toBe(1);
    expect(firstChangedLine("Binary files differ\n")).toBeNull();
  });
});
