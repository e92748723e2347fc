// @vitest-environment happy-dom
// The Files tab's history: folded (no git log) until opened; then the commits newest first, older
// ones a page at a time; a commit opens to its files and a file to its patch, each read once when
// first opened; a failed read says why.
import { cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import type { GitLogCommit } from "@turnkey/contracts";
import { afterEach, describe, expect, it, vi } from "vitest";
import { GitHistory, historyPage } from "./GitHistory.tsx";

afterEach(cleanup);

const commits: GitLogCommit[] = Array.from({ length: historyPage + 5 }, (_, i) => ({
  hash: `${i}`.padStart(40, "a"),
  shortHash: `${i}`.padStart(7, "a"),
  subject: `Commit number ${i}`,
  author: "Ada L",
  date: "2026-01-02T03:04:05+01:00",
  parents: i === 0 ? 2 : 1,
}));

function history() {
  const source = {
    log: vi.fn(async (limit: number, skip: number) => ({
      commits: commits.slice(skip, skip + limit),
      more: skip + limit < commits.length,
    })),
    files: vi.fn(async (hash: string) => ({
      hash,
      files: [{ path: "src/a.ts", status: "modified" as const, additions: 2, deletions: 1, patch: null }],
      more: 0,
    })),
    diff: vi.fn(async (_hash: string, path: string) => ({
      path,
      patch: `diff --git a/${path} b/${path}\n--- a/${path}\n+++ b/${path}\n@@ -1 +1 @@\n-old line\n+new line\n`,
    })),
  };
  const { rerender } = render(<GitHistory source={source} refreshKey={0} />);
  return Object.assign(source, { refresh: (key: number) => rerender(<GitHistory source={source} refreshKey={key} />) });
}

describe("the history", () => {
  it("reads nothing until opened, then lists the commits and older ones on request", async () => {
    const source = history();
    expect(source.log).not.toHaveBeenCalled();
    fireEvent.click(screen.getByText("History"));
    const list = await screen.findByRole("list", { name: "Commits" });
    expect(within(list).getAllByRole("listitem")).toHaveLength(historyPage);
    expect(within(list).getByRole("button", { name: "aaaaaa0 Commit number 0" })).toBeTruthy();
    // Author and when: a date past a week is the date, the full one in its title.
    const times = list.querySelectorAll("time");
    expect(times).toHaveLength(historyPage);
    expect(times[0]?.parentElement?.textContent).toBe("Ada L · Jan 2, 2026");
    expect(times[0]?.getAttribute("title")).toMatch(/^Jan 2, 2026, \d/);

    fireEvent.click(screen.getByRole("button", { name: "Show older commits" }));
    await within(list).findByRole("button", { name: /Commit number 34$/ });
    // The button pressed is gone (no older page left): the keyboard is on the first commit it brought.
    expect(document.activeElement).toBe(within(list).getByRole("button", { name: /Commit number 30$/ }));
    expect(source.log.mock.calls).toEqual([
      [historyPage, 0],
      [historyPage, historyPage],
    ]);
    expect(screen.queryByRole("button", { name: "Show older commits" })).toBeNull();
  });

  it("opens a commit to its files and a file to its patch, and says a merge is shown against its branch", async () => {
    const source = history();
    fireEvent.click(screen.getByText("History"));
    fireEvent.click(await screen.findByRole("button", { name: "aaaaaa0 Commit number 0" }));
    const files = await screen.findByRole("list", { name: "Files changed in aaaaaa0" });
    expect(screen.getByText(/A merge: what it brought in/)).toBeTruthy();
    fireEvent.click(within(files).getByRole("button", { name: "src/a.ts" }));
    await screen.findByText("new line", { exact: false });
    expect(source.files).toHaveBeenCalledWith(commits[0]!.hash);
    expect(source.diff).toHaveBeenCalledWith(commits[0]!.hash, "src/a.ts");
  });

  it("asks no older page while the first is read again, and lists no commit twice when HEAD moved", async () => {
    const source = history();
    fireEvent.click(screen.getByText("History"));
    const list = await screen.findByRole("list", { name: "Commits" });
    // A commit was made: the refresh's first page is still on its way.
    let answer: (value: Awaited<ReturnType<typeof source.log>>) => void = () => undefined;
    source.log.mockImplementationOnce(() => new Promise((resolve) => (answer = resolve)));
    source.refresh(1);
    const older = screen.getByRole("button", { name: "Show older commits" });
    expect((older as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(older);
    expect(source.log).toHaveBeenCalledTimes(2);
    const made = { ...commits[0]!, hash: "f".repeat(40), shortHash: "fffffff", subject: "Just made", parents: 1 };
    answer({ commits: [made, ...commits.slice(0, historyPage - 1)], more: true });
    await within(list).findByRole("button", { name: "fffffff Just made" });
    // The next page counts from 30, which now starts at the commit the first page pushed out.
    source.log.mockImplementationOnce(async (limit, skip) => ({
      commits: [commits[historyPage - 1]!, ...commits.slice(historyPage)].slice(0, limit),
      more: skip + limit < commits.length + 1,
    }));
    fireEvent.click(screen.getByRole("button", { name: "Show older commits" }));
    await within(list).findByRole("button", { name: /Commit number 34$/ });
    const names = within(list)
      .getAllByRole("button")
      .map((b) => b.textContent);
    expect(names).toHaveLength(commits.length + 1);
    expect(new Set(names).size).toBe(names.length);
  });

  it("says why the history could not be read", async () => {
    const source = history();
    source.log.mockRejectedValueOnce(new Error("git is not installed or not on PATH."));
    fireEvent.click(screen.getByText("History"));
    expect((await screen.findByRole("alert")).textContent).toBe("git is not installed or not on PATH.");
  });
});
