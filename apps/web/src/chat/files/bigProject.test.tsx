// @vitest-environment happy-dom
// The Files tab in a project with a big change (a build folder of thousands of new files): the
// backend sends a bounded page and counts the rest; the tab says how many are not shown, offers
// "Show more", and a commit of every file leaves none of the unlisted ones out (nor silently in).
import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import type { FileChange, GitStatusResponse, GitWorkState } from "@turnkey/contracts";
import { afterEach, describe, expect, it, vi } from "vitest";
import { FileTree } from "./FileTree.tsx";
import { GitStatus } from "./GitStatus.tsx";
import { GitWork } from "./GitWork.tsx";
import type { GitWorkSource } from "./gitWorkSource.ts";

afterEach(cleanup);

const generated = Array.from({ length: 5_000 }, (_, i) => `out/f${String(i).padStart(4, "0")}.txt`);
const change = (path: string): FileChange => ({ path, status: "added", additions: 1, deletions: 0, patch: null });

describe("the Files tab with 5,000 changed files", () => {
  it("lists a page of the uncommitted changes, says how many more there are, and shows more on request", async () => {
    const load = vi.fn(
      async (limit: number): Promise<GitStatusResponse> => ({
        files: generated.slice(0, limit).map(change),
        more: generated.length - Math.min(limit, generated.length),
      }),
    );
    render(<GitStatus load={load} diff={vi.fn()} refreshKey={0} page={20} />);
    const changes = await screen.findByRole("region", { name: "Uncommitted changes" });
    await within(changes).findByText("Uncommitted changes (5000)", { exact: false });
    expect(within(changes).getAllByRole("listitem")).toHaveLength(20);
    expect(within(changes).getByRole("status").textContent).toContain("4,980 more changed files not shown");
    fireEvent.click(within(changes).getByRole("button", { name: "Show 20 more" }));
    await waitFor(() => expect(within(changes).getAllByRole("listitem")).toHaveLength(40));
    expect(load).toHaveBeenLastCalledWith(40);
    expect(within(changes).getByRole("status").textContent).toContain("4,960 more changed files not shown");
  });

  it("says under a folder how many of its entries are not listed", async () => {
    const load = vi.fn(async (path: string) => ({
      path,
      entries: generated.slice(0, 3).map((p) => ({ name: p.slice(4), path: p, type: "file" as const, ignored: false })),
      more: 4_997,
    }));
    render(<FileTree load={load} onOpen={() => undefined} />);
    expect(await screen.findAllByRole("button", { name: /^f000\d\.txt$/ })).toHaveLength(3);
    expect(screen.getByRole("status").textContent).toMatch(/^4,997 more entries in this folder not shown: the first 3/);
  });

  it("commits every changed file, the unlisted ones too, or only the ticked ones after Choose none, and says which", async () => {
    const state: GitWorkState = {
      branch: "main",
      head: { hash: "a".repeat(40), shortHash: "aaaaaaa", subject: "init" },
      upstream: null,
      ahead: 0,
      behind: 0,
      branches: ["main"],
      remotes: [],
      files: generated.slice(0, 20).map((path) => ({ path, state: "untracked" as const, staged: false })),
      moreFiles: 4_980,
    };
    const source = {
      state: vi.fn(async () => state),
      commit: vi.fn(async () => ({ commit: state.head!, state })),
      branch: vi.fn(),
      pull: vi.fn(),
      push: vi.fn(),
      draft: { message: "" },
    } satisfies GitWorkSource;
    render(<GitWork source={source} refreshKey={0} onChanged={() => undefined} />);
    const form = await screen.findByRole("form", { name: "Commit" });
    expect(within(form).getByRole("note").textContent).toBe(
      "4,980 more changed files are not listed here and will be committed too (every changed file but those you untick).",
    );
    expect(within(form).getAllByRole("checkbox")).toHaveLength(20);
    fireEvent.click(within(form).getByRole("checkbox", { name: /out\/f0003\.txt/ }));
    fireEvent.change(within(form).getByRole("textbox", { name: "What the commit does" }), {
      target: { value: "Add the build" },
    });
    fireEvent.click(within(form).getByRole("button", { name: "Commit 4,999 files" }));
    await waitFor(() =>
      expect(source.commit).toHaveBeenCalledWith({ message: "Add the build", allExcept: ["out/f0003.txt"] }),
    );

    fireEvent.click(await within(form).findByRole("button", { name: "Choose none" }));
    expect(within(form).getByRole("note").textContent).toBe(
      "4,980 more changed files are not listed here and will stay out of this commit.",
    );
    fireEvent.click(within(form).getByRole("checkbox", { name: /out\/f0001\.txt/ }));
    fireEvent.change(within(form).getByRole("textbox", { name: "What the commit does" }), {
      target: { value: "Just one" },
    });
    fireEvent.click(within(form).getByRole("button", { name: "Commit 1 file" }));
    await waitFor(() =>
      expect(source.commit).toHaveBeenLastCalledWith({ message: "Just one", paths: ["out/f0001.txt"] }),
    );
  });
});
