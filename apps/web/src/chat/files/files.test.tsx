// @vitest-environment happy-dom
// The Files tab: folders read lazily one level at a time, a file shown coloured or named as too
// large / binary, a refusal shown in the backend's sentence, `@` mention into the composer, and the
// git status with a diff per file.
import { act, cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import type { FileContentResponse, FileTreeResponse, GitStatusResponse } from "@turnkey/contracts";
import { afterEach, describe, expect, it, vi } from "vitest";
import { type FileSource, FilesPanel } from "./FilesPanel.tsx";
import { languageOf, withMention } from "./language.ts";

afterEach(cleanup);

const listings: Record<string, FileTreeResponse> = {
  "": {
    path: "",
    entries: [
      { name: "src", path: "src", type: "directory", ignored: false },
      { name: "big.log", path: "big.log", type: "file", ignored: false },
      { name: "logo.png", path: "logo.png", type: "file", ignored: false },
      { name: "link.txt", path: "link.txt", type: "file", ignored: false },
    ],
  },
  src: { path: "src", entries: [{ name: "app.ts", path: "src/app.ts", type: "file", ignored: false }] },
};
const files: Record<string, FileContentResponse> = {
  "src/app.ts": { path: "src/app.ts", kind: "text", content: "export const answer = 42;", size: 25 },
  "big.log": { path: "big.log", kind: "too_large", content: null, size: 3_000_000 },
  "logo.png": { path: "logo.png", kind: "binary", content: null, size: 2048 },
};
const patch =
  "diff --git a/notes.txt b/notes.txt\n--- a/notes.txt\n+++ b/notes.txt\n@@ -1,2 +1,2 @@\n alpha\n-beta\n+BETA\n";

function fakeSource(git: GitStatusResponse = { files: [] }) {
  return {
    tree: vi.fn(async (path: string) => listings[path] ?? { path, entries: [] }),
    read: vi.fn(async (path: string) => {
      const file = files[path];
      if (!file)
        throw new Error(
          "link.txt is a link to a place outside the project folder: the file panel only shows what is inside /p.",
        );
      return file;
    }),
    git: vi.fn(async (_limit: number) => git),
    diff: vi.fn(async (path: string) => ({ path, patch: path === "notes.txt" ? patch : null })),
  } satisfies FileSource;
}

describe("the Files tab", () => {
  it("reads a folder only when it is opened, once, and keeps the tree as it was under an open file", async () => {
    const source = fakeSource();
    render(<FilesPanel source={source} refreshKey={0} onMention={() => undefined} />);
    const src = await screen.findByRole("button", { name: "▸ src" });
    expect(source.tree).toHaveBeenCalledTimes(1);
    expect(source.tree).toHaveBeenCalledWith("");
    fireEvent.click(src);
    fireEvent.click(await screen.findByRole("button", { name: "app.ts" }));
    const viewer = await screen.findByRole("region", { name: "File src/app.ts" });
    await within(viewer).findByText("export const answer = 42;");
    expect(viewer.querySelector("code.language-typescript")).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "← Files" }));
    expect(screen.getByRole("button", { name: "app.ts" })).toBeTruthy(); // still open
    fireEvent.click(screen.getByRole("button", { name: "▾ src" }));
    fireEvent.click(screen.getByRole("button", { name: "▸ src" }));
    expect(source.tree).toHaveBeenCalledTimes(2); // "" and "src", each once
  });

  it("names a file too large or binary instead of showing it, and shows a refusal in the backend's words", async () => {
    render(<FilesPanel source={fakeSource()} refreshKey={0} onMention={() => undefined} />);
    fireEvent.click(await screen.findByRole("button", { name: "big.log" }));
    expect(await screen.findByText(/This file is 2\.9 MB, too large to show here/)).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "← Files" }));
    fireEvent.click(screen.getByRole("button", { name: "logo.png" }));
    expect(await screen.findByText(/This is a binary file \(2 KB\)/)).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "← Files" }));
    fireEvent.click(screen.getByRole("button", { name: "link.txt" }));
    expect((await screen.findByRole("alert")).textContent).toMatch(/outside the project folder/);
  });

  it("mentions the open file in the message", async () => {
    const onMention = vi.fn();
    render(<FilesPanel source={fakeSource()} refreshKey={0} onMention={onMention} />);
    fireEvent.click(await screen.findByRole("button", { name: "▸ src" }));
    fireEvent.click(await screen.findByRole("button", { name: "app.ts" }));
    fireEvent.click(await screen.findByRole("button", { name: "Mention in the message" }));
    expect(onMention).toHaveBeenCalledWith("src/app.ts");
    expect(withMention("look at", "src/app.ts")).toBe("look at @src/app.ts ");
    expect(withMention("", "a.ts")).toBe("@a.ts ");
  });

  it("lists the uncommitted changes, opens a file's diff, and reads them again when asked", async () => {
    const source = fakeSource({
      files: [{ path: "notes.txt", status: "modified", additions: 1, deletions: 1, patch: null }],
    });
    const { rerender } = render(<FilesPanel source={source} refreshKey={0} onMention={() => undefined} />);
    const changes = await screen.findByRole("region", { name: "Uncommitted changes" });
    await within(changes).findByText("Uncommitted changes (1)", { exact: false });
    fireEvent.click(within(changes).getByRole("button", { name: "notes.txt" }));
    await waitFor(() => expect(changes.querySelectorAll("tr.diff-add")).toHaveLength(1));
    expect(source.diff).toHaveBeenCalledWith("notes.txt"); // asked for when opened, not sent with the list
    expect(source.git).toHaveBeenCalledTimes(1);
    fireEvent.click(within(changes).getByRole("button", { name: "Refresh" }));
    await waitFor(() => expect(source.git).toHaveBeenCalledTimes(2));
    await act(async () => rerender(<FilesPanel source={source} refreshKey={1} onMention={() => undefined} />));
    expect(source.git).toHaveBeenCalledTimes(3); // a reply ended: read again
  });

  it("picks the highlighter's language from the file name", () => {
    expect(languageOf("src/app.tsx")).toBe("typescript");
    expect(languageOf("README.md")).toBe("markdown");
    expect(languageOf("Dockerfile")).toBe("dockerfile");
    expect(languageOf(".gitignore")).toBe("");
  });
});
