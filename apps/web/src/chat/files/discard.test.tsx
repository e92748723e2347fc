// @vitest-environment happy-dom
// A changed file's Discard in the Files tab: it asks in the row, saying what discarding does to
// that file; Cancel sends nothing, nor does a question the list read again has made stale; once
// done the discard is listed with its Undo, and the list is read again; a refusal (of a discard or
// of an Undo) shows the backend's sentence and leaves every Undo still offered.
import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { TurnkeyApiError } from "@turnkey/client";
import type { FileChange, GitStatusResponse } from "@turnkey/contracts";
import { afterEach, describe, expect, it, vi } from "vitest";
import { focusOnArrival } from "./focusOnArrival.ts";
import { type DiscardSource, GitStatus } from "./GitStatus.tsx";

afterEach(cleanup);

const file = (path: string, status: FileChange["status"]): FileChange => ({
  path,
  status,
  additions: 1,
  deletions: 0,
  patch: null,
});

function tab(discard: DiscardSource["discard"] = async (path) => ({ done: `Deleted ${path}.`, undo: `u-${path}` })) {
  let files = [file("a.txt", "modified"), file("new.ts", "added")];
  const load = vi.fn(async (): Promise<GitStatusResponse> => ({ files }));
  const source = {
    discard: vi.fn(discard),
    undo: vi.fn(async () => ({ done: "Put back what new.ts held." })),
    undoable: [],
  };
  const changed = vi.fn();
  const view = (refreshKey: number) => (
    <GitStatus
      load={load}
      diff={vi.fn()}
      refreshKey={refreshKey}
      discard={source}
      onChanged={() => {
        changed();
        files = files.filter((f) => f.path !== "new.ts");
      }}
    />
  );
  const { rerender } = render(view(0));
  const refresh = (key: number, next?: FileChange[]) => {
    if (next) files = next;
    rerender(view(key));
  };
  return { source, changed, refresh };
}

const row = async (path: string) => (await screen.findByRole("button", { name: path })).closest("li") as HTMLElement;
const ask = async (path: string) => {
  const at = await row(path);
  fireEvent.click(within(at).getByRole("button", { name: `Discard the changes to ${path}` }));
  return within(at).getByRole("group", { name: `Discard the changes to ${path}?` });
};
const undos = () => screen.queryByRole("list", { name: "Discarded, can be undone" });

describe("discarding a changed file", () => {
  it("asks in the row with what it does to that file, and Cancel or Escape send nothing", async () => {
    const { source } = tab();
    const question = await ask("new.ts");
    expect(question.textContent).toContain("new.ts is not in the last commit: discarding deletes it. Undo is offered");
    // The keyboard is on the safe answer, and back on "Discard…" once it is given.
    expect(document.activeElement).toBe(within(question).getByRole("button", { name: "Cancel" }));
    fireEvent.click(within(question).getByRole("button", { name: "Cancel" }));
    const added = await row("new.ts");
    expect(within(added).queryByRole("group")).toBeNull();
    expect(document.activeElement).toBe(within(added).getByRole("button", { name: "Discard the changes to new.ts" }));

    fireEvent.keyDown(await ask("a.txt"), { key: "Escape" });
    expect(within(await row("a.txt")).queryByRole("group")).toBeNull();
    expect(source.discard).not.toHaveBeenCalled();
  });

  it("keeps the question across a refresh of the same file, not once the agent has changed it", async () => {
    const { refresh } = tab();
    expect((await ask("a.txt")).textContent).toContain(
      "Discarding takes your changes to a.txt away: it goes back to what the last commit has.",
    );
    refresh(1); // a reply started: the list is read again, a.txt as it was
    await screen.findByRole("group", { name: "Discard the changes to a.txt?" });
    refresh(2, [{ ...file("a.txt", "modified"), additions: 9 }, file("new.ts", "added")]);
    await waitFor(() => expect(screen.queryByRole("group", { name: "Discard the changes to a.txt?" })).toBeNull());
  });

  it("discards once confirmed, lists it with Undo, and the tab reads again", async () => {
    const { source, changed } = tab();
    const panel = document.body;
    const discarded = focusOnArrival(panel, () => panel.textContent?.includes("Deleted new.ts.") ?? false);
    fireEvent.click(within(await ask("new.ts")).getByRole("button", { name: "Discard" }));
    const item = await screen.findByText("Deleted new.ts.", { exact: false });
    expect(source.discard).toHaveBeenCalledWith("new.ts");
    expect(changed).toHaveBeenCalledTimes(1);
    expect(source.undoable).toEqual([{ text: "Deleted new.ts.", undo: "u-new.ts" }]); // kept beyond the tab

    // The row is gone: the keyboard is on the discard's Undo, then on what the Undo said.
    const undo = within(item).getByRole("button", { name: "Undo: Deleted new.ts." });
    expect(discarded.focus).toBe(undo); // as it appeared, not a task later
    expect(document.activeElement).toBe(undo);
    const undone = focusOnArrival(panel, () => panel.textContent?.includes("Put back what new.ts held.") ?? false);
    fireEvent.click(undo);
    const said = await screen.findByRole("status");
    expect(said.textContent).toBe("Put back what new.ts held.");
    expect(undone.focus).toBe(said);
    expect(document.activeElement).toBe(said);
    expect(source.undo).toHaveBeenCalledWith("u-new.ts");
    expect(undos()).toBeNull();
    expect(source.undoable).toEqual([]);
    expect(changed).toHaveBeenCalledTimes(2);
  });

  it("keeps every Undo offered when a later discard or an Undo is refused", async () => {
    const { source } = tab(async (path) => {
      if (path === "a.txt")
        throw new Error("a.txt is 40 MB, too large to keep for Undo (32 MB at most), so it was not discarded.");
      return { done: `Deleted ${path}.`, undo: `u-${path}` };
    });
    fireEvent.click(within(await ask("new.ts")).getByRole("button", { name: "Discard" }));
    await screen.findByText("Deleted new.ts.", { exact: false });
    fireEvent.click(within(await ask("a.txt")).getByRole("button", { name: "Discard" }));
    expect((await screen.findByRole("alert")).textContent).toMatch(/too large to keep for Undo/);
    expect(within(await row("a.txt")).getByRole("button", { name: "Discard the changes to a.txt" })).toBeTruthy();

    source.undo.mockRejectedValueOnce(new Error("Another git action is still running in this project."));
    const offered = within(undos()!).getByRole("button", { name: "Undo: Deleted new.ts." });
    fireEvent.click(offered);
    expect((await screen.findByRole("alert")).textContent).toMatch(/still running/);
    expect(within(undos()!).getByText("Deleted new.ts.", { exact: false })).toBeTruthy();
    expect(source.undoable).toHaveLength(1);

    // Once the backend has forgotten it (a restart, 20 later discards), its Undo is no longer offered.
    source.undo.mockRejectedValueOnce(
      new TurnkeyApiError(404, "undo_gone", "That discard can no longer be undone here. Nothing was changed."),
    );
    fireEvent.click(within(undos()!).getByRole("button", { name: "Undo: Deleted new.ts." }));
    expect((await screen.findByRole("alert")).textContent).toMatch(/can no longer be undone/);
    expect(undos()).toBeNull();
    expect(source.undoable).toEqual([]);
  });
});
