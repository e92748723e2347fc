// @vitest-environment happy-dom
// The Files tab's pull request section with a fake backend: nothing is asked until the section is
// opened; the branch's pull request with its state, checks and link; a failure's sentence; the
// form filled from the draft, Publish offered before a branch GitHub cannot see, a refusal shown
// with what was typed kept, and the created pull request shown.
import { cleanup, fireEvent, render, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { PullRequestSection } from "./PullRequestSection.tsx";
import { draft, fakeSource, open, pr } from "./pullRequestFixtures.ts";

afterEach(cleanup);

describe("the pull request section", () => {
  it("asks nothing until opened, then shows the branch's pull request or the sentence of a failure", async () => {
    const source = fakeSource();
    source.view.mockResolvedValueOnce({ branch: "login", pullRequest: pr });
    render(<PullRequestSection source={source} onPush={vi.fn()} />);
    expect(source.view).not.toHaveBeenCalled();
    const section = open();
    const link = (await within(section).findByRole("link", { name: "#12 Add the login page" })) as HTMLAnchorElement;
    expect(link.href).toBe("https://github.com/o/r/pull/12");
    expect(link.target).toBe("_blank");
    expect(link.rel).toContain("noopener");
    expect(within(section).getByText("Draft")).toBeTruthy();
    expect(within(section).getByText("Checks: 3 passed · 1 failed")).toBeTruthy();

    source.view.mockRejectedValueOnce(new Error("The GitHub CLI is not signed in to GitHub. Run gh auth login…"));
    fireEvent.click(within(section).getByRole("button", { name: "Refresh" }));
    expect((await within(section).findByRole("alert")).textContent).toMatch(/gh auth login/);
    expect(source.view).toHaveBeenCalledTimes(2);
  });

  it("offers Publish before a branch GitHub cannot see, keeps what was typed, and shows the new pull request", async () => {
    const source = fakeSource();
    const onPush = vi.fn(async () => undefined);
    render(<PullRequestSection source={source} onPush={onPush} />);
    const section = open();
    fireEvent.click(await within(section).findByRole("button", { name: "Create pull request" }));
    const form = await within(section).findByRole("form", { name: "New pull request" });
    const title = within(form).getByLabelText("Pull request title") as HTMLInputElement;
    expect(title.value).toBe("Add the login form");
    expect((within(form).getByLabelText("Pull request description") as HTMLTextAreaElement).value).toBe(
      "It posts to /login.",
    );
    expect((within(form).getByLabelText("Base branch") as HTMLSelectElement).value).toBe("main");
    expect(within(form).getByText(/login is not on origin yet/)).toBeTruthy();
    const create = within(form).getByRole("button", { name: "Create pull request" }) as HTMLButtonElement;
    expect(create.disabled).toBe(true);

    fireEvent.change(title, { target: { value: "Login page" } });
    source.draft.mockResolvedValue({ ...draft, upstream: "origin/login" });
    fireEvent.click(within(form).getByRole("button", { name: "Publish to origin" }));
    await waitFor(() => expect(create.disabled).toBe(false));
    expect(onPush).toHaveBeenCalledWith("origin");
    expect(title.value).toBe("Login page"); // typed text survives the re-read

    fireEvent.change(within(form).getByLabelText("Base branch"), { target: { value: "release" } });
    fireEvent.click(within(form).getByRole("checkbox"));
    source.create.mockRejectedValueOnce(
      new Error("This branch already has a pull request (https://github.com/o/r/pull/3)."),
    );
    fireEvent.click(create);
    expect((await within(form).findByRole("alert")).textContent).toMatch(/already has a pull request/);
    expect(source.create).toHaveBeenCalledWith({
      title: "Login page",
      body: "It posts to /login.",
      base: "release",
      draft: true,
    });

    source.create.mockResolvedValueOnce({
      branch: "login",
      pullRequest: { ...pr, title: "Login page", base: "release" },
    });
    fireEvent.click(create);
    await within(section).findByRole("link", { name: "#12 Login page" });
    expect(within(section).queryByRole("form")).toBeNull();
  });
});
