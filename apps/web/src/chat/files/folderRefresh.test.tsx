// @vitest-environment happy-dom
// The Files tab's folders stay current: a file the agent makes shows up when its reply ends (or on
// Refresh) in every open folder, as many entries read again as were shown, the tree kept open and
// in place meanwhile; and a name filter is sent once typing pauses, with the last keystroke, or
// not at all when the entries held already answer it.
import { act, cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import type { FileTreeResponse } from "@turnkey/contracts";
import { afterEach, describe, expect, it, vi } from "vitest";
import { FilesPanel } from "./FilesPanel.tsx";
import { FileTree } from "./FileTree.tsx";

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const file = (folder: string, name: string) => ({
  name,
  path: folder ? `${folder}/${name}` : name,
  type: "file" as const,
  ignored: false,
});
const dir = (name: string) => ({ name, path: name, type: "directory" as const, ignored: false });

/** A project on disk the test changes: `src` holds `count` files, paged 2,000 at a time like the backend. */
function project() {
  const disk = { top: [dir("docs"), dir("src"), file("", "README.md")], src: 2_500, docs: ["a.md"] };
  const srcNames = () => Array.from({ length: disk.src }, (_, i) => `m${String(i).padStart(5, "0")}.ts`);
  const load = vi.fn(async (path: string, page?: { after?: string; filter?: string }): Promise<FileTreeResponse> => {
    const names =
      path === "src" ? srcNames() : path === "docs" ? disk.docs : disk.top.map((e) => e.name).filter(Boolean);
    const kept = names.filter((n) => n.toLowerCase().includes(page?.filter?.toLowerCase() ?? ""));
    const rest = kept.filter((n) => page?.after === undefined || n > page.after);
    const shown = rest.slice(0, 2_000);
    const entries = shown.map((n) => (path === "" ? disk.top.find((e) => e.name === n)! : file(path, n)));
    const more = rest.length - shown.length;
    return more > 0 ? { path, entries, more, next: shown.at(-1)! } : { path, entries };
  });
  return { disk, load };
}

const patient = { timeout: 10_000 };

/** happy-dom has no layout: the tree's scroll box moved to `to` (its end by default), as a reader would. */
function scrollTo(to?: number) {
  const box = document.querySelector<HTMLElement>(".file-tree-root")!;
  const end = Number.parseFloat(box.querySelector<HTMLElement>(".virtual-space")!.style.height);
  Object.defineProperty(box, "scrollHeight", { configurable: true, get: () => end });
  box.scrollTop = to ?? end;
  act(() => {
    fireEvent.scroll(box);
  });
}

describe("the Files tab's open folders", () => {
  it("reads every open folder again when a reply ends, as many entries as were shown, and forgets closed ones", async () => {
    const { disk, load } = project();
    const view = render(<FileTree load={load} onOpen={() => undefined} refreshKey={0} />);
    fireEvent.click(await screen.findByRole("button", { name: "▸ src" }, patient));
    await screen.findByRole("button", { name: "m00000.ts" }, patient);
    scrollTo();
    fireEvent.click(await screen.findByRole("button", { name: "Show 500 more" }, patient));
    await waitFor(() => expect(load).toHaveBeenLastCalledWith("src", { after: "m01999.ts" }), patient);
    scrollTo(0);
    fireEvent.click(screen.getByRole("button", { name: "▸ docs" }));
    await screen.findByRole("button", { name: "a.md" }, patient);
    fireEvent.click(screen.getByRole("button", { name: "▾ docs" })); // closed again
    const before = load.mock.calls.length;

    // The agent writes a file in the project folder and one in src, then its reply ends.
    disk.top.unshift(file("", "NOTES.md"));
    disk.src += 1;
    disk.docs.push("b.md");
    view.rerender(<FileTree load={load} onOpen={() => undefined} refreshKey={1} />);
    await screen.findByRole("button", { name: "NOTES.md" }, patient);
    // src held 2,500 entries: both pages are read again, not only the first.
    await waitFor(() => expect(load.mock.calls.slice(before)).toHaveLength(3), patient);
    expect(load.mock.calls.slice(before)).toEqual([[""], ["src"], ["src", { after: "m01999.ts" }]]);
    expect(screen.getByRole("button", { name: "▾ src" })).toBeTruthy(); // still open
    // The closed folder was not read; opening it reads it afresh and shows the new file.
    fireEvent.click(screen.getByRole("button", { name: "▸ docs" }));
    await screen.findByRole("button", { name: "b.md" }, patient);
  });

  it("keeps the rows in place while the new listing is on its way", async () => {
    const { disk, load } = project();
    const view = render(<FileTree load={load} onOpen={() => undefined} refreshKey="a" />);
    await screen.findByRole("button", { name: "README.md" }, patient);
    let answer: (listing: FileTreeResponse) => void = () => undefined;
    load.mockImplementationOnce((path) => new Promise((done) => (answer = done)).then(() => ({ path, entries: [] })));
    disk.top.push(file("", "NEW.md"));
    view.rerender(<FileTree load={load} onOpen={() => undefined} refreshKey="b" />);
    await waitFor(() => expect(load).toHaveBeenCalledTimes(2));
    expect(screen.getByRole("button", { name: "README.md" })).toBeTruthy(); // no "Loading…" in its place
    expect(screen.queryByText("Loading…")).toBeNull();
    await act(async () => answer({ path: "", entries: [] }));
  });

  it("reads the open folders again on the tab's Refresh", async () => {
    const { disk, load } = project();
    const source = {
      tree: load,
      read: vi.fn(),
      git: vi.fn(async () => ({ files: [] })),
      diff: vi.fn(),
    };
    render(<FilesPanel source={source} refreshKey={0} onMention={() => undefined} />);
    await screen.findByRole("button", { name: "README.md" }, patient);
    disk.top.push(file("", "MADE.md"));
    fireEvent.click(screen.getByRole("region", { name: "Project files" }).querySelector("button")!);
    await screen.findByRole("button", { name: "MADE.md" }, patient);
    expect(source.git).toHaveBeenCalledTimes(2); // the changes are read again too
  });
});

describe("a folder's name filter", () => {
  it("is sent once typing pauses, with the last keystroke", async () => {
    const { load } = project();
    render(<FileTree load={load} onOpen={() => undefined} filterPauseMs={250} />);
    fireEvent.click(await screen.findByRole("button", { name: "▸ src" }, patient));
    const box = await screen.findByRole("searchbox", { name: "Filter src by name" }, patient);
    const before = load.mock.calls.length;
    vi.useFakeTimers();
    for (const typed of ["m", "m0", "m02", "m024", "m0249"]) fireEvent.change(box, { target: { value: typed } });
    expect((box as HTMLInputElement).value).toBe("m0249"); // the box shows every keystroke at once
    act(() => vi.advanceTimersByTime(249));
    expect(load).toHaveBeenCalledTimes(before); // still typing
    act(() => vi.advanceTimersByTime(1));
    vi.useRealTimers();
    expect(load.mock.calls.slice(before)).toEqual([["src", { filter: "m0249" }]]);
    await screen.findByRole("button", { name: "m02499.ts" }, patient);
    expect(document.querySelectorAll(".file-entry").length).toBe(3 + 10); // docs, src, README.md and m02490–m02499

    // The 10 held are the whole answer to "m0249": a longer filter keeps some of them, asking nothing.
    fireEvent.change(box, { target: { value: "M02499" } });
    await waitFor(() => expect(document.querySelectorAll(".file-entry").length).toBe(3 + 1));
    // A shorter one needs the backend again.
    fireEvent.change(box, { target: { value: "m024" } });
    await waitFor(() => expect(load).toHaveBeenLastCalledWith("src", { filter: "m024" }), patient);
    expect(load).toHaveBeenCalledTimes(before + 2);
  });
});
