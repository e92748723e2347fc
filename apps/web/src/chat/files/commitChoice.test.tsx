// @vitest-environment happy-dom
// The commit form with more changed files than it lists (5,000; the backend lists 2,000): any of
// them can be chosen by a path filter ("Leave these out", "Choose these") and by ticking one the
// filter lists, the count says how many the commit takes, and the commit sends that selection with
// the listing it was counted over. With every file listed, the form filters and counts itself and
// sends the chosen paths.
import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { chooser, type GitSelectionRequest, type GitWorkFile, holdsFilter } from "@turnkey/contracts";
import { afterEach, describe, expect, it, vi } from "vitest";
import { CommitForm } from "./CommitForm.tsx";

afterEach(cleanup);

const all: GitWorkFile[] = Array.from({ length: 5_000 }, (_, i) => ({
  path: `out/f${String(i).padStart(4, "0")}.txt`,
  state: "untracked",
  staged: false,
}));
const patient = { timeout: 10_000 };
const made = { hash: "b".repeat(40), shortHash: "bbbbbbb", subject: "Add" };

/** The backend's selection route over `all`: the first 2,000 holding the filter, the selection counted over every file. */
const backend = () =>
  vi.fn(async ({ selection, filter = "" }: GitSelectionRequest) => {
    const matching = all.filter((f) => holdsFilter(f.path, filter));
    const isChosen = chooser(selection);
    return {
      files: matching.slice(0, 2_000),
      more: Math.max(0, matching.length - 2_000),
      total: all.length,
      chosen: all.filter((f) => isChosen(f.path)).length,
      listing: "5000:listing",
    };
  });

const legend = (form: HTMLElement) => form.querySelector("legend")?.textContent ?? "";

describe("the commit form past the files it lists", () => {
  it("chooses any of 5,000 files by filter and tick, counts them, and commits exactly that selection", async () => {
    const select = backend();
    const onCommit = vi.fn(async () => made);
    render(
      <CommitForm
        files={all.slice(0, 2_000)}
        moreFiles={3_000}
        select={select}
        draft={{ message: "" }}
        busy={false}
        onCommit={onCommit}
        pauseMs={0}
      />,
    );
    const form = await screen.findByRole("form", { name: "Commit" });
    await waitFor(() => expect(legend(form)).toBe("Files to commit (5,000 of 5,000) Choose none"), patient);
    expect(within(form).getAllByRole("checkbox").length).toBeLessThan(60); // of 2,000 listed
    expect(within(form).getByRole("note").textContent).toMatch(/^3,000 more changed files are not listed here/);

    const filter = within(form).getByRole("searchbox", { name: "Filter the files to commit by path" });
    fireEvent.change(filter, { target: { value: "f4" } });
    await within(form).findByText("1,000 files hold “f4”.", { exact: false }, patient);
    fireEvent.click(within(form).getByRole("button", { name: "Leave these 1,000 out" }));
    await waitFor(() => expect(legend(form)).toBe("Files to commit (4,000 of 5,000) Choose none"), patient);

    // One file past the 2,000 listed, found by its path and ticked back in.
    fireEvent.change(filter, { target: { value: "F4999" } });
    const last = await within(form).findByRole("checkbox", { name: /out\/f4999\.txt/ }, patient);
    expect((last as HTMLInputElement).checked).toBe(false);
    fireEvent.click(last);
    await waitFor(() => expect(legend(form)).toBe("Files to commit (4,001 of 5,000) Choose none"), patient);
    expect((within(form).getByRole("checkbox", { name: /out\/f4999\.txt/ }) as HTMLInputElement).checked).toBe(true);

    fireEvent.change(within(form).getByRole("textbox", { name: "What the commit does" }), {
      target: { value: "Add the build but f4" },
    });
    fireEvent.click(within(form).getByRole("button", { name: "Commit 4,001 files" }));
    await waitFor(() => expect(onCommit).toHaveBeenCalledTimes(1));
    const [message, choice] = onCommit.mock.calls[0] as unknown as [string, { selection: never; listing: string }];
    expect(message).toBe("Add the build but f4");
    expect(choice).toEqual({
      selection: { all: true, rules: [{ filter: "f4", chosen: false }], chosen: ["out/f4999.txt"], leftOut: [] },
      listing: "5000:listing",
    });
    // What the backend commits from it: these 4,001 files.
    const isChosen = chooser(choice.selection);
    const committed = all.filter((f) => isChosen(f.path)).map((f) => f.path);
    expect([committed.length, committed.includes("out/f4999.txt"), committed.includes("out/f4998.txt")]).toEqual([
      4_001,
      true,
      false,
    ]);
  });

  it("commits nothing until the backend has counted the choice", async () => {
    let answer: () => void = () => undefined;
    const select = vi.fn((request: GitSelectionRequest) =>
      new Promise<void>((r) => (answer = r)).then(() => backend()(request)),
    );
    const onCommit = vi.fn(async () => made);
    render(
      <CommitForm
        files={all.slice(0, 2_000)}
        moreFiles={3_000}
        select={select}
        draft={{ message: "x" }}
        busy={false}
        onCommit={onCommit}
        pauseMs={0}
      />,
    );
    const form = await screen.findByRole("form", { name: "Commit" });
    await waitFor(() => expect(select).toHaveBeenCalledTimes(1));
    expect(legend(form)).toBe("Files to commit (counting… of 5,000) Choose none");
    expect((within(form).getByRole("button", { name: "Commit" }) as HTMLButtonElement).disabled).toBe(true);
    answer();
    await within(form).findByRole("button", { name: "Commit 5,000 files" }, patient);
  });
});

describe("the commit form with every changed file listed", () => {
  it("filters, chooses the files holding the filter, and sends their paths, asking the backend nothing", async () => {
    const select = backend();
    const onCommit = vi.fn(async () => made);
    render(
      <CommitForm
        files={all.slice(0, 30)}
        select={select}
        draft={{ message: "Two" }}
        busy={false}
        onCommit={onCommit}
      />,
    );
    const form = await screen.findByRole("form", { name: "Commit" });
    fireEvent.click(within(form).getByRole("button", { name: "Choose none" }));
    fireEvent.change(within(form).getByRole("searchbox", { name: "Filter the files to commit by path" }), {
      target: { value: "f002" },
    });
    fireEvent.click(within(form).getByRole("button", { name: "Choose these 10" }));
    fireEvent.click(within(form).getByRole("checkbox", { name: /out\/f0025\.txt/ }));
    expect(legend(form)).toBe("Files to commit (9 of 30) Choose none");
    fireEvent.click(within(form).getByRole("button", { name: "Commit 9 files" }));
    await waitFor(() => expect(onCommit).toHaveBeenCalledTimes(1));
    expect(onCommit).toHaveBeenCalledWith("Two", {
      paths: ["20", "21", "22", "23", "24", "26", "27", "28", "29"].map((n) => `out/f00${n}.txt`),
    });
    expect(select).not.toHaveBeenCalled();
  });
});
