// @vitest-environment happy-dom
// The Files tab's change list at 50,000 changed files: a virtual list (the rows in view are drawn,
// not every file held), a path filter the backend applies (sent once typing pauses, with the last
// keystroke), and an opened file's patch kept while its row is scrolled out of view and back.
import { act, cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import type { FileChange, GitStatusResponse } from "@turnkey/contracts";
import { afterEach, describe, expect, it, vi } from "vitest";
import { GitStatus } from "./GitStatus.tsx";

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const paths = Array.from(
  { length: 50_000 },
  (_, i) => `out/${i % 2 ? "b" : "a"}/f${String(i).padStart(5, "0")}.txt`,
).sort();
const change = (path: string): FileChange => ({ path, status: "added", additions: 1, deletions: 0, patch: null });
const patient = { timeout: 10_000 };

/** The backend's change list: `limit` after `after`, paths holding `filter` (ignoring case), 2,000 at most. */
function changeList() {
  return vi.fn(async (limit: number, after?: string, filter?: string): Promise<GitStatusResponse> => {
    const rest = paths.filter(
      (p) => (after === undefined || p > after) && p.toLowerCase().includes(filter?.toLowerCase() ?? ""),
    );
    const page = rest.slice(0, Math.min(limit, 2_000));
    return { files: page.map(change), more: rest.length - page.length };
  });
}

function scroll(to: "end" | number) {
  const box = document.querySelector<HTMLElement>(".change-files-root")!;
  const end = Number.parseFloat(box.querySelector<HTMLElement>(".virtual-space")!.style.height);
  Object.defineProperty(box, "scrollHeight", { configurable: true, get: () => end });
  box.scrollTop = to === "end" ? end : to;
  act(() => {
    fireEvent.scroll(box);
  });
}

describe("the change list at 50,000 changed files", () => {
  it("draws the rows in view of the 2,000 held, and finds one file by a filter sent once typing pauses", async () => {
    const load = changeList();
    render(<GitStatus load={load} diff={vi.fn()} refreshKey={0} page={2_000} filterPauseMs={250} />);
    const changes = await screen.findByRole("region", { name: "Uncommitted changes" }, patient);
    await within(changes).findByText("Uncommitted changes (50000)", { exact: false }, patient);
    expect(within(changes).getAllByRole("listitem").length).toBeLessThan(60); // of 2,000 held
    expect(within(changes).getByRole("status").textContent).toContain("48,000 more changed files not shown");

    const box = within(changes).getByRole("searchbox", { name: "Filter the changed files by path" });
    expect(box.getAttribute("placeholder")).toBe("Filter 50,000 changed files by path");
    const before = load.mock.calls.length;
    vi.useFakeTimers();
    for (const typed of ["b/", "b/f4", "b/f49", "B/F4999"]) fireEvent.change(box, { target: { value: typed } });
    act(() => vi.advanceTimersByTime(249));
    expect(load).toHaveBeenCalledTimes(before); // still typing
    act(() => vi.advanceTimersByTime(1));
    vi.useRealTimers();
    await within(changes).findByRole("button", { name: "out/b/f49999.txt" }, patient);
    expect(load.mock.calls.slice(before)).toEqual([[2_000, undefined, "B/F4999"]]);
    expect(within(changes).getByText("5 changed files' paths hold “B/F4999”.")).toBeTruthy();
    expect(within(changes).getAllByRole("listitem")).toHaveLength(5);
    expect(within(changes).queryByRole("status")).toBeNull(); // nothing more
    expect(within(changes).getByText("Uncommitted changes (50000)", { exact: false })).toBeTruthy();

    fireEvent.change(box, { target: { value: "nothing" } });
    await within(changes).findByText("No changed file's path holds “nothing”.", undefined, patient);
  });

  it("keeps an opened file's patch while its row is scrolled out of view and back", async () => {
    const diff = vi.fn(async (path: string) => ({ path, patch: `diff --git a/${path} b/${path}\n+one\n` }));
    render(<GitStatus load={changeList()} diff={diff} refreshKey={0} page={2_000} />);
    const changes = await screen.findByRole("region", { name: "Uncommitted changes" }, patient);
    const first = await within(changes).findByRole("button", { name: paths[0] }, patient);
    fireEvent.click(first);
    await waitFor(() =>
      expect(within(changes).getByRole("button", { name: paths[0] }).getAttribute("aria-expanded")).toBe("true"),
    );
    scroll("end");
    await waitFor(() => expect(within(changes).queryByRole("button", { name: paths[0] })).toBeNull(), patient);
    scroll(0);
    const again = await within(changes).findByRole("button", { name: paths[0] }, patient);
    expect(again.getAttribute("aria-expanded")).toBe("true");
    expect(diff).toHaveBeenCalledTimes(1); // not asked again
  });
});
