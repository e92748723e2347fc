// @vitest-environment happy-dom
// The Files tab's worktrees with a fake backend: a worktree added from a branch name and opened as a
// project; Open for another folder; a removal asked first (the keyboard on Cancel, Escape closing
// it), asked again saying what is lost when git found uncommitted work, and sent with force only then.
import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { TurnkeyApiError } from "@turnkey/client";
import type { GitWorkState, GitWorktree, GitWorktreeActionResponse } from "@turnkey/contracts";
import { afterEach, describe, expect, it, vi } from "vitest";
import { focusOnArrival } from "./focusOnArrival.ts";
import { GitWork } from "./GitWork.tsx";
import { base, fakeSource } from "./gitWorkFixtures.ts";

afterEach(cleanup);

const state: GitWorkState = { ...base, remotes: [], files: [] };
const main: GitWorktree = {
  path: "/code/app",
  branch: "main",
  head: "aaaaaaa",
  main: true,
  bare: false,
  current: true,
  missing: false,
  projectId: "prj_app",
};
const login: GitWorktree = {
  path: "/code/app.worktrees/feature-login",
  branch: "feature/login",
  head: "aaaaaaa",
  main: false,
  bare: false,
  current: false,
  missing: false,
  projectId: null,
};

function tab(listed: GitWorktree[] = [main]) {
  const worktrees = {
    list: vi.fn(async () => ({ worktrees: listed })),
    add: vi.fn(async () => ({
      done: "Made the branch feature/login from aaaaaaa and checked it out in a new worktree.",
      path: login.path,
      worktrees: [main, login],
      state: { ...state, branches: ["feature/login", "main"] },
    })),
    remove: vi.fn(
      async (): Promise<GitWorktreeActionResponse> => ({
        done: "Removed the worktree.",
        path: login.path,
        worktrees: [main],
        state,
      }),
    ),
  };
  const opened: string[] = [];
  const onOpenFolder = vi.fn(async (path: string) => {
    opened.push(path);
  });
  const source = { ...fakeSource(state), worktrees };
  render(<GitWork source={source} refreshKey={0} onChanged={vi.fn()} onOpenFolder={onOpenFolder} />);
  return { worktrees, opened, onOpenFolder };
}

describe("worktrees in the Files tab", () => {
  it("adds a worktree for the branch typed and opens it as a project with a new chat", async () => {
    const { worktrees, opened } = tab();
    fireEvent.click(await screen.findByText("Worktrees (1)"));
    expect(screen.getByText("No other worktrees yet.")).toBeTruthy();
    const add = screen.getByRole("button", { name: "Add worktree" });
    expect((add as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(screen.getByRole("textbox", { name: "Branch for a new worktree" }), {
      target: { value: " feature/login " },
    });
    fireEvent.click(add);
    await screen.findByText("Worktrees (2)");
    expect(worktrees.add).toHaveBeenCalledWith("feature/login");
    expect(opened).toEqual([login.path]);
    expect(screen.getByText(/checked it out in a new worktree/)).toBeTruthy();
    // The new branch is in the branch picker too: the answer's state was taken.
    expect(within(screen.getByRole("combobox", { name: "Branch" })).getByText("feature/login")).toBeTruthy();
    const rows = within(screen.getByRole("list", { name: "Worktrees" })).getAllByRole("listitem");
    expect(rows.map((r) => r.textContent?.split("/code")[0])).toEqual([
      "main (main folder, this chat)",
      "feature/login",
    ]);
    // The chat's own folder has no Open and no Remove; the main folder no Remove.
    expect(within(rows[0]!).queryAllByRole("button")).toEqual([]);
  });

  it("removes only once asked, then again with force after git found uncommitted work", async () => {
    const { worktrees } = tab([main, login]);
    worktrees.remove.mockRejectedValueOnce(
      new TurnkeyApiError(409, "worktree_has_changes", `${login.path} holds uncommitted changes or new files.`),
    );
    fireEvent.click(await screen.findByText("Worktrees (2)"));
    const row = within(screen.getByRole("list", { name: "Worktrees" })).getAllByRole("listitem")[1]!;
    fireEvent.click(within(row).getByRole("button", { name: "Remove the worktree feature/login" }));
    const ask = within(row).getByRole("group", { name: "Remove the worktree feature/login?" });
    expect(ask.textContent).toContain("the branch feature/login and its commits stay");
    expect(document.activeElement).toBe(within(ask).getByRole("button", { name: "Cancel" }));
    fireEvent.keyDown(ask, { key: "Escape" });
    expect(within(row).queryByRole("group")).toBeNull();
    expect(document.activeElement).toBe(within(row).getByRole("button", { name: "Remove the worktree feature/login" }));
    expect(worktrees.remove).not.toHaveBeenCalled();

    fireEvent.click(within(row).getByRole("button", { name: "Remove the worktree feature/login" }));
    // As a browser does: the button clicked (or pressed with Enter) has the keyboard.
    const first = within(row).getByRole("button", { name: "Remove" });
    first.focus();
    // Where the keyboard is the moment the second question is drawn: an Enter pressed then must not remove anyway.
    const askedAgain = focusOnArrival(row, () => row.textContent?.includes("Remove anyway") ?? false);
    fireEvent.click(first);
    const again = await within(row).findByRole("button", { name: "Remove anyway" });
    expect(askedAgain.focus).toBe(within(row).getByRole("button", { name: "Cancel" }));
    expect(worktrees.remove).toHaveBeenLastCalledWith(login.path, false);
    expect(within(row).getByRole("group").textContent).toContain("holds uncommitted changes or new files");
    expect(screen.queryByRole("alert")).toBeNull(); // said once, in the question
    expect(document.activeElement).toBe(within(row).getByRole("button", { name: "Cancel" }));
    fireEvent.click(again);
    await screen.findByText("Worktrees (1)");
    expect(worktrees.remove).toHaveBeenLastCalledWith(login.path, true);
  });

  it("opens another worktree as a project, and says why when it cannot be", async () => {
    const { opened, onOpenFolder } = tab([main, login]);
    onOpenFolder.mockRejectedValueOnce(new Error("The folder cannot be read: check its permissions."));
    fireEvent.click(await screen.findByText("Worktrees (2)"));
    const open = screen.getByRole("button", { name: "Open feature/login as a project" });
    fireEvent.click(open);
    expect((await screen.findByRole("alert")).textContent).toBe("The folder cannot be read: check its permissions.");
    fireEvent.click(open);
    await waitFor(() => expect(opened).toEqual([login.path]));
    await waitFor(() => expect(screen.queryByRole("alert")).toBeNull());
  });

  it("goes on in the main folder once this chat's own worktree is removed", async () => {
    const { worktrees, opened } = tab([
      { ...main, current: false },
      { ...login, current: true },
    ]);
    worktrees.remove.mockResolvedValueOnce({
      done: "Removed the worktree. This chat's folder is gone.",
      path: login.path,
      worktrees: [{ ...main, current: false }],
    });
    fireEvent.click(await screen.findByText("Worktrees (2)"));
    fireEvent.click(screen.getByRole("button", { name: "Remove the worktree feature/login" }));
    fireEvent.click(screen.getByRole("button", { name: "Remove" }));
    await waitFor(() => expect(opened).toEqual([main.path]));
  });

  it("starts no second open while one is under way", async () => {
    const other: GitWorktree = { ...login, path: "/code/app.worktrees/other", branch: "other" };
    const { onOpenFolder } = tab([main, login, other]);
    let done = () => {};
    onOpenFolder.mockImplementationOnce(() => new Promise<void>((resolve) => (done = resolve)));
    fireEvent.click(await screen.findByText("Worktrees (3)"));
    fireEvent.click(screen.getByRole("button", { name: "Open feature/login as a project" }));
    const second = screen.getByRole("button", { name: "Open other as a project" }) as HTMLButtonElement;
    expect(second.disabled).toBe(true);
    done();
    await waitFor(() => expect(second.disabled).toBe(false));
    expect(onOpenFolder).toHaveBeenCalledTimes(1);
  });
});
