// @vitest-environment happy-dom
// Comparing a task's runs with a fake backend: nothing read until asked, each run's worktree read
// one after another (its files and lines, a removed one said, a failure in the backend's words),
// one run's changes brought back after a question whose Cancel has the keyboard, a refusal said,
// and the worktrees removed together (a failure named by its run, the keyboard on the sentence).
import { act, cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import type { GitWorktreeChangesResponse } from "@turnkey/contracts";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Run, RunGroup } from "./multiRun.ts";
import { RunList } from "./RunList.tsx";
import { type CompareSource, changeSummary, useRunCompare } from "./useRunCompare.tsx";

afterEach(cleanup);

const run = (n: number, over: Partial<Run> = {}): Run => ({
  model: { providerID: "p", modelID: `m${n}` },
  label: `Model ${n}`,
  branch: `try/t/${n}-m${n}`,
  path: `/code/app.worktrees/${n}`,
  sessionId: `ses-${n}`,
  state: "sent",
  ...over,
});

const group: RunGroup = {
  id: "g",
  title: "Make the parser stream",
  prompt: "Make the parser stream",
  createdAt: 1,
  from: { sessionId: "ses-0", directory: "/code/app" },
  agent: null,
  // Run 4 worked in the chat's folder: nothing of its own to compare.
  runs: [run(1), run(2), run(3), run(4, { branch: null, path: undefined })],
};

const changes = (path: string, files: GitWorktreeChangesResponse["files"]): GitWorktreeChangesResponse => ({
  path,
  branch: null,
  files,
  fileCount: files.length,
  additions: files.reduce((n, f) => n + (f.additions ?? 0), 0),
  deletions: files.reduce((n, f) => n + (f.deletions ?? 0), 0),
});

function fakeSource(over: Partial<CompareSource> = {}) {
  const calls: string[] = [];
  const source: CompareSource = {
    // Run 3's worktree was removed by hand.
    worktrees: vi.fn(async () => ["/code/app", "/code/app.worktrees/1", "/code/app.worktrees/2"]),
    changes: vi.fn(async (path: string) => {
      calls.push(`changes ${path}`);
      return path.endsWith("/1")
        ? changes(path, [
            { path: "src/parse.ts", status: "M", additions: 3, deletions: 1 },
            { path: "logo.png", status: "A", additions: null, deletions: null },
          ])
        : changes(path, []);
    }),
    take: vi.fn(async (path: string) => `Brought the changes of ${path} here.`),
    remove: vi.fn(async (path: string) => {
      calls.push(`remove ${path}`);
    }),
    ...over,
  };
  return { source, calls };
}

function Compare(props: { source: CompareSource }) {
  const compare = useRunCompare(group, props.source);
  return (
    <section>
      {compare.bar}
      <RunList group={group} onOpen={() => undefined} onRetry={() => undefined} more={compare.rowFor} />
    </section>
  );
}

const rowOf = (label: string) =>
  screen.getAllByRole("listitem").find((li) => li.querySelector("strong")?.textContent === label)!;

describe("comparing a task's runs", () => {
  it("reads nothing until asked, then each run's worktree in turn", async () => {
    const { source, calls } = fakeSource();
    render(<Compare source={source} />);
    expect(source.worktrees).not.toHaveBeenCalled();
    expect(screen.queryByRole("button", { name: "Remove the runs' worktrees…" })).toBeNull();

    fireEvent.click(screen.getByRole("button", { name: "Compare what they changed" }));
    await screen.findByText("2 files, +3 −1");
    expect(calls).toEqual(["changes /code/app.worktrees/1", "changes /code/app.worktrees/2"]);
    const files = within(rowOf("Model 1")).getByRole("list", { name: "Files the run of Model 1 changed" });
    expect(files.textContent).toContain("M src/parse.ts +3 −1");
    expect(files.textContent).toContain("A logo.png binary");
    expect(rowOf("Model 2").textContent).toContain("No changes yet.");
    expect(within(rowOf("Model 2")).queryByRole("button", { name: /^Bring/ })).toBeNull();
    expect(rowOf("Model 3").textContent).toContain("Its worktree was removed.");
    expect(rowOf("Model 4").textContent).not.toContain("changed");
    expect(screen.getByRole("button", { name: "Read their changes again" })).toBeTruthy();
  });

  it("says a reading the backend refused in its words", async () => {
    const { source } = fakeSource({
      worktrees: vi.fn(async () => {
        throw new Error("This chat has no project folder to run git in.");
      }),
    });
    render(<Compare source={source} />);
    fireEvent.click(screen.getByRole("button", { name: "Compare what they changed" }));
    await waitFor(() =>
      expect(rowOf("Model 1").textContent).toContain("This chat has no project folder to run git in."),
    );
    expect(source.changes).not.toHaveBeenCalled();
  });

  it("brings one run's changes back only once asked, the keyboard on Cancel, then back on its button", async () => {
    const { source } = fakeSource();
    render(<Compare source={source} />);
    fireEvent.click(screen.getByRole("button", { name: "Compare what they changed" }));
    const bring = await within(rowOf("Model 1")).findByRole("button", { name: "Bring the changes of Model 1 here…" });

    fireEvent.click(bring);
    const question = screen.getByRole("group", { name: /^Bring the 2 changed files of Model 1 into \/code\/app\?/ });
    expect(question.textContent).toContain("If a file they change was changed there too, nothing changes.");
    expect(document.activeElement).toBe(within(question).getByRole("button", { name: "Cancel" }));
    fireEvent.keyDown(question, { key: "Escape" });
    expect(source.take).not.toHaveBeenCalled();
    expect(document.activeElement).toBe(
      within(rowOf("Model 1")).getByRole("button", { name: "Bring the changes of Model 1 here…" }),
    );

    fireEvent.click(within(rowOf("Model 1")).getByRole("button", { name: "Bring the changes of Model 1 here…" }));
    fireEvent.click(screen.getByRole("button", { name: "Bring them here" }));
    expect((await screen.findByRole("status")).textContent).toBe("Brought the changes of /code/app.worktrees/1 here.");
    expect(source.take).toHaveBeenCalledWith("/code/app.worktrees/1");
    expect(document.activeElement).toBe(
      within(rowOf("Model 1")).getByRole("button", { name: "Bring the changes of Model 1 here…" }),
    );
  });

  it("says a refused bring-back as an alert", async () => {
    const { source } = fakeSource({
      take: vi.fn(async () => {
        throw new Error(
          "The changes of the branch try/t/1-m1 were not brought here: files they change were changed here too.",
        );
      }),
    });
    render(<Compare source={source} />);
    fireEvent.click(screen.getByRole("button", { name: "Compare what they changed" }));
    fireEvent.click(
      await within(rowOf("Model 1")).findByRole("button", { name: "Bring the changes of Model 1 here…" }),
    );
    fireEvent.click(screen.getByRole("button", { name: "Bring them here" }));
    expect((await screen.findByRole("alert")).textContent).toMatch(/were changed here too/);
  });

  it("removes the worktrees still there together, naming a run whose removal failed", async () => {
    const { source, calls } = fakeSource({
      remove: vi.fn(async (path: string) => {
        calls.push(`remove ${path}`);
        if (path.endsWith("/2"))
          throw new Error("A chat is replying in that worktree: stop it, then remove the worktree.");
      }),
    });
    render(<Compare source={source} />);
    fireEvent.click(screen.getByRole("button", { name: "Compare what they changed" }));
    await screen.findByText("2 files, +3 −1");

    fireEvent.click(screen.getByRole("button", { name: "Remove the runs' worktrees…" }));
    const question = screen.getByRole("group", {
      name: /^Remove the 2 runs' worktrees, with any changes not brought here and the files git ignores there/,
    });
    expect(document.activeElement).toBe(within(question).getByRole("button", { name: "Cancel" }));
    fireEvent.click(within(question).getByRole("button", { name: "Remove 2 worktrees" }));

    const said = await screen.findByRole("alert");
    expect(said.textContent).toBe(
      "Removed 1 of 2 worktrees. Their chats stay readable, and their branches stay.\nModel 2: A chat is replying in that worktree: stop it, then remove the worktree.",
    );
    expect(calls.filter((c) => c.startsWith("remove"))).toEqual([
      "remove /code/app.worktrees/1",
      "remove /code/app.worktrees/2",
    ]);
    expect(rowOf("Model 1").textContent).toContain("Its worktree was removed.");
    expect(rowOf("Model 2").textContent).toContain("No changes yet.");
  });

  it("puts the keyboard on the sentence when the last worktree's removal takes its button away", async () => {
    const { source } = fakeSource({ worktrees: vi.fn(async () => ["/code/app", "/code/app.worktrees/1"]) });
    render(<Compare source={source} />);
    fireEvent.click(screen.getByRole("button", { name: "Compare what they changed" }));
    await screen.findByText("2 files, +3 −1");
    fireEvent.click(screen.getByRole("button", { name: "Remove the runs' worktrees…" }));
    fireEvent.click(screen.getByRole("button", { name: "Remove it" }));
    const said = await screen.findByRole("status");
    expect(said.textContent).toBe("Removed the run's worktree. Their chats stay readable, and their branches stay.");
    expect(screen.queryByRole("button", { name: "Remove the runs' worktrees…" })).toBeNull();
    expect(document.activeElement).toBe(said);
  });

  it("offers nothing that changes a folder while a reading is on its way", async () => {
    let answer: (value: GitWorktreeChangesResponse) => void = () => undefined;
    const { source } = fakeSource();
    const first = source.changes;
    source.changes = vi.fn((path: string) =>
      path.endsWith("/2") ? new Promise<GitWorktreeChangesResponse>((resolve) => (answer = resolve)) : first(path),
    );
    render(<Compare source={source} />);
    fireEvent.click(screen.getByRole("button", { name: "Compare what they changed" }));
    const bring = await within(rowOf("Model 1")).findByRole("button", { name: "Bring the changes of Model 1 here…" });
    const buttons = () => [
      bring,
      screen.getByRole("button", { name: "Remove the runs' worktrees…" }),
      screen.getByRole("button", { name: "Read their changes again" }),
    ];
    expect(buttons().map((b) => b.hasAttribute("disabled"))).toEqual([true, true, true]);

    await act(async () => answer(changes("/code/app.worktrees/2", [])));
    expect(buttons().map((b) => b.hasAttribute("disabled"))).toEqual([false, false, false]);
  });

  it("sums up changes in a line", () => {
    expect(changeSummary(changes("/w", []))).toBe("No changes yet.");
    expect(changeSummary(changes("/w", [{ path: "a", status: "A", additions: 1, deletions: 0 }]))).toBe(
      "1 file, +1 −0",
    );
  });
});
