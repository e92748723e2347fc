// @vitest-environment happy-dom
// The Files tab's git work with a fake backend: every changed file chosen by default, an empty
// message refused before anything is sent, a refusal shown in the backend's sentence with the
// message kept, the commit's hash and subject once made; a refused switch's sentence; Publish
// when the branch has no upstream; what a running push does shown while it runs.
import { act, cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import type { GitActionResponse } from "@turnkey/contracts";
import { afterEach, describe, expect, it, vi } from "vitest";
import { GitWork } from "./GitWork.tsx";
import { base, fakeSource } from "./gitWorkFixtures.ts";

afterEach(cleanup);

describe("the Files tab's git work", () => {
  it("commits the chosen files with a required message, keeps the message when git refuses, and shows the commit", async () => {
    const source = fakeSource();
    const onChanged = vi.fn();
    render(<GitWork source={source} refreshKey={0} onChanged={onChanged} />);
    const form = await screen.findByRole("form", { name: "Commit" });
    expect(within(form).getByText("Files to commit (2 of 2)", { exact: false })).toBeTruthy();
    const revealed: string[] = [];
    const scroll = vi.spyOn(HTMLElement.prototype, "scrollIntoView").mockImplementation(function (this: HTMLElement) {
      revealed.push(this.textContent ?? "");
    });
    try {
      fireEvent.click(within(form).getByRole("button", { name: "Commit 2 files" }));
      const alert = await within(form).findByRole("alert");
      expect(alert.textContent).toMatch(/Write a commit message first/);
      // Said where the person looks: the box to write in has the focus, the sentence is brought into view.
      expect(document.activeElement).toBe(within(form).getByLabelText("What the commit does"));
      expect(revealed).toEqual([alert.textContent]);
      // Pressed again, the same sentence is brought into view again (the person may have scrolled away).
      fireEvent.click(within(form).getByRole("button", { name: "Commit 2 files" }));
      await waitFor(() => expect(revealed).toEqual([alert.textContent, alert.textContent]));
    } finally {
      scroll.mockRestore();
    }
    expect(source.commit).not.toHaveBeenCalled();

    fireEvent.click(within(form).getByRole("checkbox", { name: /notes\.txt/ }));
    const message = within(form).getByLabelText("What the commit does");
    fireEvent.change(message, { target: { value: "Add the new file" } });
    source.commit.mockRejectedValueOnce(new Error("git could not commit (exit code 1). What it said:\nlint failed"));
    fireEvent.click(within(form).getByRole("button", { name: "Commit 1 file" }));
    expect((await within(form).findByRole("alert")).textContent).toMatch(/lint failed/);
    expect((message as HTMLTextAreaElement).value).toBe("Add the new file");
    expect(source.draft.message).toBe("Add the new file"); // kept for when the tab opens again
    expect(source.commit).toHaveBeenCalledWith({ message: "Add the new file", paths: ["new file.txt"] });

    const after = {
      ...base,
      files: [base.files[0]!],
      head: { hash: "b".repeat(40), shortHash: "bbbbbbb", subject: "Add the new file" },
    };
    source.commit.mockResolvedValueOnce({ commit: after.head, state: after });
    fireEvent.click(within(form).getByRole("button", { name: "Commit 1 file" }));
    expect((await within(form).findByRole("status")).textContent).toBe("Committed bbbbbbb Add the new file");
    expect((message as HTMLTextAreaElement).value).toBe("");
    expect(within(form).getByText("Files to commit (1 of 1)", { exact: false })).toBeTruthy();
    expect(onChanged).toHaveBeenCalledTimes(1);
  });

  it("shows a refused switch in the backend's sentence and stays on the branch", async () => {
    const source = fakeSource();
    source.branch.mockRejectedValueOnce(
      new Error(
        "Switching branches would overwrite your uncommitted changes to notes.txt, so git did nothing. Commit those changes first.",
      ),
    );
    render(<GitWork source={source} refreshKey={0} onChanged={() => undefined} />);
    fireEvent.change(await screen.findByLabelText("Branch"), { target: { value: "fix" } });
    expect((await screen.findByRole("alert")).textContent).toMatch(/Commit those changes first/);
    expect(source.branch).toHaveBeenCalledWith("fix", false);
    await waitFor(() => expect((screen.getByLabelText("Branch") as HTMLSelectElement).value).toBe("main"));
  });

  it("says when the upstream's branch is gone from the remote instead of calling it up to date", async () => {
    render(
      <GitWork
        source={fakeSource({ ...base, upstream: "origin/main", upstreamGone: true })}
        refreshKey={0}
        onChanged={() => undefined}
      />,
    );
    expect(
      await screen.findByText(
        "origin/main · gone from the remote (deleted there, after a merge perhaps): push to publish it again, or switch to another branch",
      ),
    ).toBeTruthy();
    cleanup();
    render(
      <GitWork source={fakeSource({ ...base, upstream: "origin/main" })} refreshKey={0} onChanged={() => undefined} />,
    );
    expect(await screen.findByText("origin/main · up to date")).toBeTruthy();
  });

  it("offers no Pull without an upstream (or with one gone), offers Publish, and shows a running push until it answers", async () => {
    const source = fakeSource();
    let answer: (r: GitActionResponse) => void = () => undefined;
    source.push.mockReturnValueOnce(new Promise<GitActionResponse>((resolve) => (answer = resolve)));
    render(<GitWork source={source} refreshKey={0} onChanged={() => undefined} />);
    await screen.findByText("no upstream");
    expect(screen.queryByRole("button", { name: "Pull" })).toBeNull();
    fireEvent.click(screen.getByRole("button", { name: "Publish to origin" }));
    expect(source.push).toHaveBeenCalledWith("origin");
    expect(screen.getByText(/Publishing main to origin… \d+ s/)).toBeTruthy();
    expect(screen.getByRole("button", { name: "Commit 2 files" }).hasAttribute("disabled")).toBe(true);
    const published = { ...base, upstream: "origin/main" };
    await act(async () => answer({ done: "Pushed main to origin/main.", state: published }));
    expect(screen.queryByText(/Publishing main/)).toBeNull();
    expect(screen.getByText("Pushed main to origin/main.")).toBeTruthy();
    expect(screen.getByRole("button", { name: "Push" })).toBeTruthy();
    expect(screen.getByRole("button", { name: "Pull" })).toBeTruthy();

    cleanup();
    render(
      <GitWork
        source={fakeSource({ ...base, upstream: "origin/main", upstreamGone: true })}
        refreshKey={0}
        onChanged={() => undefined}
      />,
    );
    await screen.findByRole("button", { name: "Push" });
    expect(screen.queryByRole("button", { name: "Pull" })).toBeNull();
  });
});

describe("Fetch", () => {
  it("shows what a running fetch does, then the remote's news and the new counts", async () => {
    let answer: (value: GitActionResponse) => void = () => undefined;
    const source = {
      ...fakeSource({ ...base, upstream: "origin/main" }),
      fetch: vi.fn(() => new Promise<GitActionResponse>((resolve) => (answer = resolve))),
    };
    render(<GitWork source={source} refreshKey={0} onChanged={vi.fn()} />);
    fireEvent.click(await screen.findByRole("button", { name: "Fetch" }));
    expect(screen.getByRole("progressbar", { name: "Fetching…" })).toBeTruthy();
    act(() =>
      answer({
        done: "Fetched from origin: 2 commits to pull from origin/main.",
        state: { ...base, upstream: "origin/main", behind: 2 },
      }),
    );
    await screen.findByText("Fetched from origin: 2 commits to pull from origin/main.");
    expect(screen.queryByRole("progressbar")).toBeNull();
    expect(screen.getByText("origin/main · 0 to push, 2 to pull")).toBeTruthy();
  });

  it("is not offered in a repository without a remote", async () => {
    render(
      <GitWork
        source={{ ...fakeSource({ ...base, remotes: [] }), fetch: vi.fn() }}
        refreshKey={0}
        onChanged={vi.fn()}
      />,
    );
    await screen.findByRole("button", { name: "Push" });
    expect(screen.queryByRole("button", { name: "Fetch" })).toBeNull();
  });
});
