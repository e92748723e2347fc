// @vitest-environment happy-dom
// A pull request's next steps in the Files tab with a fake backend: each check listed by name with
// its link; a draft marked ready for review; Merge reading the repository's methods when opened,
// sending the method, the delete choice and the head commit shown, a refusal's sentence kept in
// view, and the merged pull request with the backend's sentence and the tab's git read again; the
// create form sending the reviewers and labels chosen.
import { cleanup, fireEvent, render, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { PullRequestSection } from "./PullRequestSection.tsx";
import { draft, fakeSource, open, pr } from "./pullRequestFixtures.ts";

afterEach(cleanup);

describe("a pull request's checks, merge and review", () => {
  it("lists each check with its link, and marks a draft ready for review", async () => {
    const source = fakeSource();
    source.view.mockResolvedValueOnce({ branch: "login", pullRequest: pr });
    render(<PullRequestSection source={source} onPush={vi.fn()} />);
    const section = open();
    const checks = await within(section).findByRole("list", { name: "Checks" });
    const lint = within(checks).getByRole("link", { name: "lint" }) as HTMLAnchorElement;
    expect(lint.href).toBe("https://github.com/o/r/actions/runs/9");
    expect(lint.target).toBe("_blank");
    expect(
      within(checks)
        .getAllByRole("listitem")
        .map((li) => li.textContent),
    ).toEqual(["lint failed", "test passed", "build passed", "types passed"]);
    expect(within(section).queryByRole("button", { name: "Merge…" })).toBeNull(); // a draft is not merged

    source.ready.mockResolvedValueOnce({
      done: "#12 is ready for review: GitHub tells its reviewers now.",
      branch: "login",
      pullRequest: { ...pr, draft: false },
    });
    fireEvent.click(within(section).getByRole("button", { name: "Ready for review" }));
    expect((await within(section).findByText(/#12 is ready for review/)).getAttribute("role")).toBe("status");
    expect(within(section).getByText("Open")).toBeTruthy();
    expect(within(section).getByRole("button", { name: "Merge…" })).toBeTruthy();
  });

  it("merges with the method chosen from the repository's, shows a refusal, then the merge and reads git again", async () => {
    const source = fakeSource();
    const onMerged = vi.fn();
    const shown = { ...pr, draft: false };
    source.view.mockResolvedValueOnce({ branch: "login", pullRequest: shown });
    render(<PullRequestSection source={source} onPush={vi.fn()} onMerged={onMerged} />);
    const section = open();
    fireEvent.click(await within(section).findByRole("button", { name: "Merge…" }));
    const form = await within(section).findByRole("form", { name: "Merge pull request" });
    expect(source.repository).toHaveBeenCalledTimes(1);
    const method = within(form).getByLabelText("Merge method") as HTMLSelectElement;
    expect([...method.options].map((o) => o.textContent)).toEqual(["Create a merge commit", "Squash and merge"]);
    expect(method.value).toBe("squash");
    const remove = within(form).getByRole("checkbox", { name: /Delete login afterwards/ }) as HTMLInputElement;
    expect(remove.checked).toBe(true); // the repository deletes merged branches

    fireEvent.change(method, { target: { value: "merge" } });
    source.merge.mockRejectedValueOnce(
      new Error("1 check of #12 failed (lint). Open each to see why, fix it and push; then merge."),
    );
    fireEvent.click(within(form).getByRole("button", { name: "Merge pull request" }));
    expect((await within(section).findByRole("alert")).textContent).toMatch(/1 check of #12 failed \(lint\)/);
    expect(source.merge).toHaveBeenCalledWith({ method: "merge", deleteBranch: true, head: pr.headSha });
    expect(onMerged).not.toHaveBeenCalled();

    source.merge.mockResolvedValueOnce({
      done: "Merged #12 into main as a merge commit. login was deleted on GitHub and here; you are on main now.",
      branch: "main",
      pullRequest: { ...shown, state: "merged" },
    });
    fireEvent.click(within(form).getByRole("button", { name: "Merge pull request" }));
    await within(section).findByText(/Merged #12 into main as a merge commit/);
    expect(within(section).getByText("Merged")).toBeTruthy();
    expect(within(section).queryByRole("form")).toBeNull();
    expect(onMerged).toHaveBeenCalledTimes(1);
  });

  it("offers to delete a fork's branch here only, since its branch on GitHub is the fork owner's", async () => {
    const source = fakeSource();
    source.view.mockResolvedValueOnce({ branch: "login", pullRequest: { ...pr, draft: false, crossRepository: true } });
    render(<PullRequestSection source={source} onPush={vi.fn()} />);
    const section = open();
    fireEvent.click(await within(section).findByRole("button", { name: "Merge…" }));
    const form = await within(section).findByRole("form", { name: "Merge pull request" });
    const remove = within(form).getByRole("checkbox", { name: /^Delete login/ });
    expect(remove.parentElement?.textContent).toBe(
      " Delete login here afterwards (the fork's branch on GitHub is its owner's)",
    );
  });

  it("offers no deletion for a fork's main proposed into main, whatever the repository's default", async () => {
    const source = fakeSource(); // its repository deletes merged branches
    const forkMain = { ...pr, draft: false, crossRepository: true, head: "main" };
    source.view.mockResolvedValueOnce({ branch: "octo/main", pullRequest: forkMain });
    render(<PullRequestSection source={source} onPush={vi.fn()} />);
    const section = open();
    fireEvent.click(await within(section).findByRole("button", { name: "Merge…" }));
    const form = await within(section).findByRole("form", { name: "Merge pull request" });
    expect(within(form).queryByRole("checkbox")).toBeNull();
    expect(within(form).getByText(/your own main stays/)).toBeTruthy();
    source.merge.mockResolvedValueOnce({ done: "Merged.", branch: "octo/main", pullRequest: forkMain });
    fireEvent.click(within(form).getByRole("button", { name: "Merge pull request" }));
    await waitFor(() => expect(source.merge).toHaveBeenCalledWith(expect.objectContaining({ deleteBranch: false })));
  });

  it("sends the reviewers and labels chosen in the create form", async () => {
    const source = fakeSource();
    source.draft.mockResolvedValue({ ...draft, upstream: "origin/login" });
    render(<PullRequestSection source={source} onPush={vi.fn()} />);
    const section = open();
    fireEvent.click(await within(section).findByRole("button", { name: "Create pull request" }));
    const form = await within(section).findByRole("form", { name: "New pull request" });
    const reviewers = (await within(form).findByLabelText("Reviewers")) as HTMLSelectElement;
    expect([...reviewers.options].map((o) => o.textContent)).toEqual(["octo (Octo Cat)", "mona"]);
    (reviewers.options[1] as HTMLOptionElement).selected = true;
    fireEvent.change(reviewers);
    const labels = within(form).getByLabelText("Labels") as HTMLSelectElement;
    (labels.options[0] as HTMLOptionElement).selected = true;
    fireEvent.change(labels);
    source.create.mockResolvedValueOnce({ branch: "login", pullRequest: pr });
    const create = within(form).getByRole("button", { name: "Create pull request" }) as HTMLButtonElement;
    await waitFor(() => expect(create.disabled).toBe(false));
    fireEvent.click(create);
    await waitFor(() => expect(source.create).toHaveBeenCalledTimes(1));
    expect(source.create).toHaveBeenCalledWith(expect.objectContaining({ reviewers: ["mona"], labels: ["bug"] }));
  });
});
