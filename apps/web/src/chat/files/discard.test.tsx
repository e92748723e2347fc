// @vitest-environment happy-dom
// A changed file's Discard in the Files tab: it asks in the row, saying what discarding does to
// that file; Cancel sends nothing; once done the backend's sentence shows with Undo, and the list is
// read again; a refusal shows the backend's sentence and leaves the row as it was.
import { cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import type { FileChange, GitStatusResponse } from "@turnkey/contracts";
import { afterEach, describe, expect, it, vi } from "vitest";
import { GitStatus } from "./GitStatus.tsx";

afterEach(cleanup);

const file = (path: string, status: FileChange["status"]): FileChange => ({
  path,
  status,
  additions: 1,
  deletions: 0,
  patch: null,
});
const state = { branch: "main", head: null, upstream: null, ahead: 0, behind: 0, branches: [], remotes: [], files: [] };

function tab(discard = vi.fn(async (path: string) => ({ done: `Deleted ${path}.`, undo: "u1", state }))) {
  let files = [file("a.txt", "modified"), file("new.ts", "added")];
  const load = vi.fn(async (): Promise<GitStatusResponse> => ({ files }));
  const undo = vi.fn(async () => ({ done: "Put back what new.ts held.", state }));
  const changed = vi.fn();
  render(
    <GitStatus
      load={load}
      diff={vi.fn()}
      refreshKey={0}
      discard={{ discard, undo }}
      onChanged={() => {
        changed();
        files = files.filter((f) => f.path !== "new.ts");
      }}
    />,
  );
  return { load, discard, undo, changed };
}

const row = async (path: string) => (await screen.findByRole("button", { name: path })).closest("li") as HTMLElement;

describe("discarding a changed file", () => {
  it("asks in the row with what it does to that file, and Cancel sends nothing", async () => {
    const { discard } = tab();
    const added = await row("new.ts");
    fireEvent.click(within(added).getByRole("button", { name: "Discard the changes to new.ts" }));
    const ask = within(added).getByRole("group", { name: "Discard the changes to new.ts?" });
    expect(ask.textContent).toContain("new.ts is not in the last commit: discarding deletes it. Undo is offered");
    fireEvent.click(within(ask).getByRole("button", { name: "Cancel" }));
    expect(within(added).queryByRole("group")).toBeNull();
    expect(discard).not.toHaveBeenCalled();

    const modified = await row("a.txt");
    fireEvent.click(within(modified).getByRole("button", { name: "Discard the changes to a.txt" }));
    expect(within(modified).getByRole("group").textContent).toContain(
      "Discarding takes your changes to a.txt away: it goes back to what the last commit has.",
    );
  });

  it("discards once confirmed, says what it did with Undo, and the tab reads again", async () => {
    const { discard, undo, changed } = tab();
    const added = await row("new.ts");
    fireEvent.click(within(added).getByRole("button", { name: "Discard the changes to new.ts" }));
    fireEvent.click(within(added).getByRole("button", { name: "Discard" }));
    const said = await screen.findByText("Deleted new.ts.", { exact: false });
    expect(discard).toHaveBeenCalledWith("new.ts");
    expect(changed).toHaveBeenCalledTimes(1);

    fireEvent.click(within(said).getByRole("button", { name: "Undo" }));
    const undone = await screen.findByText("Put back what new.ts held.");
    expect(undo).toHaveBeenCalledWith("u1");
    expect(within(undone).queryByRole("button", { name: "Undo" })).toBeNull();
    expect(changed).toHaveBeenCalledTimes(2);
  });

  it("shows a refusal's sentence and leaves the row as it was", async () => {
    const refused = vi.fn(async () => {
      throw new Error("new.ts is 40 MB, too large to keep for Undo (32 MB at most), so it was not discarded.");
    });
    const { changed } = tab(refused);
    const added = await row("new.ts");
    fireEvent.click(within(added).getByRole("button", { name: "Discard the changes to new.ts" }));
    fireEvent.click(within(added).getByRole("button", { name: "Discard" }));
    expect((await screen.findByRole("alert")).textContent).toMatch(/too large to keep for Undo/);
    expect(changed).not.toHaveBeenCalled();
    expect(within(await row("new.ts")).getByRole("button", { name: "Discard the changes to new.ts" })).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Undo" })).toBeNull();
  });
});
