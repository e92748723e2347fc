// @vitest-environment happy-dom
// The Files tab in a project with a big change (a build folder of thousands of new files): the
// backend sends a bounded page and counts the rest; the tab says how many are not shown, "Show
// more" appends the next page until the last (a folder's also by a name filter), and a big folder
// draws only the rows in view (the commit form's choice: commitChoice.test.tsx).
import { act, cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import type { FileChange, FileTreeResponse, GitStatusResponse } from "@turnkey/contracts";
import { afterEach, describe, expect, it, vi } from "vitest";
import { FileTree } from "./FileTree.tsx";
import { GitStatus } from "./GitStatus.tsx";

afterEach(cleanup);

const generated = Array.from({ length: 5_000 }, (_, i) => `out/f${String(i).padStart(4, "0")}.txt`);
const change = (path: string): FileChange => ({ path, status: "added", additions: 1, deletions: 0, patch: null });

/** The backend's change list of `count` files: `limit` after the path `after`, `cap` at most an answer. */
function changeList(cap = 2_000, count = generated.length) {
  return vi.fn(async (limit: number, after?: string): Promise<GitStatusResponse> => {
    const rest = generated.slice(0, count).filter((p) => after === undefined || p > after);
    const page = rest.slice(0, Math.min(limit, cap));
    return { files: page.map(change), more: rest.length - page.length };
  });
}

/** A folder of 5,000 files as the backend pages it: 2,000 at a time, after a cursor, names holding a filter. */
function folderOf5000() {
  return vi.fn(async (path: string, page?: { after?: string; filter?: string }): Promise<FileTreeResponse> => {
    const names = generated.map((p) => p.slice(4)).filter((n) => n.includes(page?.filter ?? ""));
    const rest = names.filter((n) => page?.after === undefined || `f:${n}` > page.after);
    const entries = rest.slice(0, 2_000).map((name) => ({ name, path: name, type: "file" as const, ignored: false }));
    const more = rest.length - entries.length;
    return more > 0 ? { path, entries, more, next: `f:${entries.at(-1)?.name}` } : { path, entries };
  });
}

/** Safety net only: every answer here is in memory; a loaded machine may still be slow to draw. */
const patient = { timeout: 10_000 };

const scroller = (box = ".file-tree-root") => document.querySelector<HTMLElement>(box)!;

/** happy-dom has no layout: a list's scroll box (the tree's by default) scrolled to its end, as a reader would. */
function scrollToEnd(list?: string) {
  const box = scroller(list);
  const end = box.querySelector<HTMLElement>(".virtual-space")!.style.height;
  Object.defineProperty(box, "scrollHeight", { configurable: true, get: () => Number.parseFloat(end) });
  box.scrollTop = Number.parseFloat(end);
  act(() => {
    fireEvent.scroll(box);
  });
}

describe("the Files tab with 5,000 changed files", () => {
  it("lists a page of the uncommitted changes, says how many more there are, and appends the next page on request", async () => {
    const load = changeList();
    const view = render(<GitStatus load={load} diff={vi.fn()} refreshKey={0} page={20} />);
    const changes = await screen.findByRole("region", { name: "Uncommitted changes" }, patient);
    await within(changes).findByText("Uncommitted changes (5000)", { exact: false }, patient);
    expect(within(changes).getAllByRole("listitem")).toHaveLength(20);
    expect(within(changes).getByRole("status").textContent).toContain("4,980 more changed files not shown");
    fireEvent.click(within(changes).getByRole("button", { name: "Show 20 more" }));
    await within(changes).findByText("4,960 more changed files not shown", { exact: false }, patient);
    expect(load).toHaveBeenLastCalledWith(20, "out/f0019.txt"); // the page after the last one held
    // A virtual list: 40 held, only those in view (and a few past them) drawn; the last one is reached by scrolling.
    expect(within(changes).getAllByRole("listitem").length).toBeLessThan(40);
    expect(within(changes).queryByRole("button", { name: "out/f0039.txt" })).toBeNull();
    scrollToEnd(".change-files-root");
    await within(changes).findByRole("button", { name: "out/f0039.txt" }, patient);
    // A reply ended: the 40 shown are read again, not just the first page.
    view.rerender(<GitStatus load={load} diff={vi.fn()} refreshKey={1} page={20} />);
    await waitFor(() => expect(load).toHaveBeenLastCalledWith(40, undefined), patient);
    expect(within(changes).getByRole("status").textContent).toContain("4,960 more changed files not shown");
  });

  it("reaches the last changed file past the backend's cap of one answer", async () => {
    // The backend answers `cap` files at most (2,000; 50 here): asking for more than that got stuck there.
    const load = changeList(50, 130);
    render(<GitStatus load={load} diff={vi.fn()} refreshKey={0} page={60} />);
    const changes = await screen.findByRole("region", { name: "Uncommitted changes" }, patient);
    await within(changes).findByText("70 more changed files not shown", { exact: false }, patient);
    expect(load).toHaveBeenLastCalledWith(10, "out/f0049.txt"); // two answers for the first 60
    fireEvent.click(within(changes).getByRole("button", { name: "Show 60 more" }));
    await within(changes).findByText("20 more changed files not shown", { exact: false }, patient);
    fireEvent.click(within(changes).getByRole("button", { name: "Show 20 more" }));
    await waitFor(() => expect(within(changes).queryByRole("status")).toBeNull(), patient);
    scrollToEnd(".change-files-root");
    await within(changes).findByRole("button", { name: "out/f0129.txt" }, patient);
  });

  it("draws the rows of a 5,000-entry folder in view only, shows every page on request, and filters by name", async () => {
    const load = folderOf5000();
    render(<FileTree load={load} onOpen={() => undefined} />);
    await screen.findByRole("button", { name: "f0000.txt" }, patient);
    expect(document.querySelectorAll(".file-entry").length).toBeLessThan(60); // not 2,000
    expect(
      screen.getByRole("searchbox", { name: "Filter the project folder by name" }).getAttribute("placeholder"),
    ).toBe("Filter 5,000 entries by name");
    scrollToEnd();
    expect(screen.getByRole("status").textContent).toBe(
      "3,000 more entries in this folder not listed yet (2,000 shown, folders first, then by name).",
    );
    fireEvent.click(screen.getByRole("button", { name: "Show 2,000 more" }));
    await waitFor(() => expect(load).toHaveBeenLastCalledWith("", { after: "f:f1999.txt" }), patient);
    await waitFor(() => {
      scrollToEnd(); // the next page came in above the row: it is at the end again
      expect(screen.getByRole("status").textContent).toMatch(/^1,000 more entries .*4,000 shown/);
    }, patient);
    fireEvent.click(screen.getByRole("button", { name: "Show 1,000 more" }));
    await waitFor(() => {
      scrollToEnd();
      expect(screen.getByRole("button", { name: "f4999.txt" })).toBeTruthy();
    }, patient);
    expect(screen.queryByRole("status")).toBeNull(); // nothing more to show
    scroller().scrollTop = 0;
    act(() => {
      fireEvent.scroll(scroller());
    });
    // The filter: every entry is held now, so the window keeps those that hold it, asking nothing.
    const asked = load.mock.calls.length;
    fireEvent.change(screen.getByRole("searchbox", { name: "Filter the project folder by name" }), {
      target: { value: "F4999" },
    });
    await screen.findByRole("button", { name: "f4999.txt" }, patient);
    expect(document.querySelectorAll(".file-entry")).toHaveLength(1);
    fireEvent.change(screen.getByRole("searchbox"), { target: { value: "F4999x" } });
    await screen.findByText("No name in this folder holds “F4999x”.", undefined, patient);
    expect(load).toHaveBeenCalledTimes(asked);
  });
});
