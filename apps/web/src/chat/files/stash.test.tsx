// @vitest-environment happy-dom
// The Files tab's stashes with a fake backend: the count under its heading, a stash made with its
// words (then cleared), apply sent with the stash's place and commit, a drop asked first, and a
// refusal's sentence shown with the list read again.
import { cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import type { GitStash, GitWorkState } from "@turnkey/contracts";
import { afterEach, describe, expect, it, vi } from "vitest";
import { GitWork } from "./GitWork.tsx";
import { base, fakeSource } from "./gitWorkFixtures.ts";

afterEach(cleanup);

const state: GitWorkState = { ...base, remotes: [], files: [] };
const older: GitStash = { index: 0, hash: "b".repeat(40), message: "On main: older", date: "2026-11-01T10:00:00Z" };
const made: GitStash = { index: 0, hash: "c".repeat(40), message: "On main: wip", date: "2026-11-23T10:00:00Z" };

function tab() {
  const stashes = {
    list: vi.fn(async () => ({ stashes: [older] })),
    stash: vi.fn(async () => ({
      done: "Put your uncommitted changes aside.",
      stashes: [made, { ...older, index: 1 }],
      state,
    })),
    act: vi.fn(async () => ({ done: 'Dropped "On main: wip".', stashes: [{ ...older, index: 0 }], state })),
  };
  const source = { ...fakeSource(state), stashes };
  render(<GitWork source={source} refreshKey={0} onChanged={vi.fn()} />);
  return stashes;
}

describe("stashes in the Files tab", () => {
  it("stashes with the words typed, lists it first, and drops one only once asked", async () => {
    const stashes = tab();
    fireEvent.click(await screen.findByText("Stashes (1)"));
    const box = screen.getByRole("textbox", { name: "What the stash holds" });
    fireEvent.change(box, { target: { value: " wip " } });
    fireEvent.click(screen.getByRole("button", { name: "Stash changes" }));
    await screen.findByText("Stashes (2)");
    expect(stashes.stash).toHaveBeenCalledWith("wip");
    expect((box as HTMLInputElement).value).toBe("");
    expect(screen.getByText("Put your uncommitted changes aside.")).toBeTruthy();

    const list = screen.getByRole("list", { name: "Stashes" });
    const first = within(list).getAllByRole("listitem")[0]!;
    expect(first.textContent).toContain("On main: wip");
    fireEvent.click(within(first).getByRole("button", { name: 'Drop "On main: wip"' }));
    const ask = within(first).getByRole("group", { name: 'Drop "On main: wip"?' });
    fireEvent.click(within(ask).getByRole("button", { name: "Cancel" }));
    expect(stashes.act).not.toHaveBeenCalled();
    fireEvent.click(within(first).getByRole("button", { name: 'Drop "On main: wip"' }));
    fireEvent.click(within(first).getByRole("button", { name: "Drop" }));
    await screen.findByText("Stashes (1)");
    expect(stashes.act).toHaveBeenCalledWith({ index: 0, hash: made.hash, action: "drop" });
  });

  it("shows why an apply was refused and reads the list again", async () => {
    const stashes = tab();
    stashes.act.mockRejectedValueOnce(
      new Error("The stash's changes conflict with yours in the files below. The stash is kept, so nothing is lost."),
    );
    fireEvent.click(await screen.findByText("Stashes (1)"));
    fireEvent.click(screen.getByRole("button", { name: "Pop" }));
    expect((await screen.findByRole("alert")).textContent).toMatch(/conflict with yours/);
    expect(stashes.act).toHaveBeenCalledWith({ index: 0, hash: older.hash, action: "pop" });
    expect(stashes.list).toHaveBeenCalledTimes(2);
  });
});
