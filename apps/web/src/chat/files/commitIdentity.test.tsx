// @vitest-environment happy-dom
// "Commits as" above the commit form, with a fake backend: the identity and where it comes from,
// Change… setting it for this repository (the default once one is set), the form open from the
// start when git cannot tell (every repository by default then), the backend's refusal said with
// what was typed kept, and a guess from the computer's names said as one.
import { act, cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import type { GitIdentity } from "@turnkey/contracts";
import { afterEach, describe, expect, it, vi } from "vitest";
import { GitWork } from "./GitWork.tsx";
import { fakeSource } from "./gitWorkFixtures.ts";

afterEach(cleanup);

function withIdentity(identity: GitIdentity) {
  const read = vi.fn(async () => identity);
  const set = vi.fn();
  render(<GitWork source={{ ...fakeSource(), identity: { read, set } }} refreshKey={0} onChanged={() => undefined} />);
  return { read, set };
}

describe("who commits", () => {
  it("says who commits and from where, and changes it for this repository", async () => {
    const { set } = withIdentity({ name: "Ann Lee", email: "ann@work.example", from: "user" });
    const who = await screen.findByRole("region", { name: "Who commits" });
    expect(who.textContent).toContain("Commits as Ann Lee <ann@work.example> · from your git settings");
    fireEvent.click(within(who).getByRole("button", { name: "Change…" }));
    const form = within(who).getByRole("form", { name: "Your name and email for commits" });
    expect((within(form).getByLabelText("Name") as HTMLInputElement).value).toBe("Ann Lee");
    expect((within(form).getByLabelText("This repository only") as HTMLInputElement).checked).toBe(true);
    fireEvent.change(within(form).getByLabelText("Email"), { target: { value: "ann@home.example" } });
    set.mockResolvedValueOnce({
      done: "Commits in this repository are now signed Ann Lee <ann@home.example>.",
      identity: { name: "Ann Lee", email: "ann@home.example", from: "repository" },
    });
    await act(async () => fireEvent.click(within(form).getByRole("button", { name: "Save" })));
    expect(set).toHaveBeenCalledWith({ name: "Ann Lee", email: "ann@home.example", scope: "repository" });
    expect(who.textContent).toContain("Commits as Ann Lee <ann@home.example> · set for this repository");
    expect(within(who).getByRole("status").textContent).toBe(
      "Commits in this repository are now signed Ann Lee <ann@home.example>.",
    );
    expect(within(who).queryByRole("form")).toBeNull();
  });

  it("opens the form at once when git cannot tell, for every repository, and keeps what was typed on a refusal", async () => {
    const { set } = withIdentity({ name: null, email: null, from: null });
    const who = await screen.findByRole("region", { name: "Who commits" });
    expect(within(who).getByRole("alert").textContent).toMatch(
      /^git does not know who you are, so it cannot commit yet/,
    );
    const form = within(who).getByRole("form", { name: "Your name and email for commits" });
    expect(
      (within(form).getByLabelText("Every repository of yours (your git settings)") as HTMLInputElement).checked,
    ).toBe(true);
    expect(within(form).queryByRole("button", { name: "Cancel" })).toBeNull(); // nothing to go back to
    fireEvent.change(within(form).getByLabelText("Name"), { target: { value: "Ann" } });
    fireEvent.change(within(form).getByLabelText("Email"), { target: { value: "ann" } });
    set.mockRejectedValueOnce(new Error("Write an email address like you@example.com (no spaces, no < or >)."));
    await act(async () => fireEvent.click(within(form).getByRole("button", { name: "Save" })));
    expect(within(form).getByRole("alert").textContent).toMatch(/^Write an email address/);
    expect((within(form).getByLabelText("Email") as HTMLInputElement).value).toBe("ann");
    expect(set).toHaveBeenCalledWith({ name: "Ann", email: "ann", scope: "user" });
  });

  it("says a guess is one, and does not offer the guessed address as the one to keep", async () => {
    withIdentity({ name: "root", email: "root@vm.lan", from: "guessed" });
    const who = await screen.findByRole("region", { name: "Who commits" });
    expect(who.textContent).toContain("guessed by git from this computer's user and host names");
    expect(who.textContent).toContain("Set your own, so that your commits say who made them");
    fireEvent.click(within(who).getByRole("button", { name: "Change…" }));
    expect((within(who).getByLabelText("Email") as HTMLInputElement).value).toBe("");
    expect(
      (within(who).getByLabelText("Every repository of yours (your git settings)") as HTMLInputElement).checked,
    ).toBe(true);
  });

  it("puts the keyboard in the form on Change… and back on Change… after Save or Cancel", async () => {
    const { set } = withIdentity({ name: "Ann", email: "ann@example.com", from: "user" });
    const who = await screen.findByRole("region", { name: "Who commits" });
    fireEvent.click(within(who).getByRole("button", { name: "Change…" }));
    expect(document.activeElement).toBe(within(who).getByLabelText("Name"));
    fireEvent.click(within(who).getByRole("button", { name: "Cancel" }));
    expect(document.activeElement).toBe(within(who).getByRole("button", { name: "Change…" }));
    fireEvent.click(within(who).getByRole("button", { name: "Change…" }));
    set.mockResolvedValueOnce({
      done: "Commits in this repository are now signed Ann <ann@example.com>.",
      identity: { name: "Ann", email: "ann@example.com", from: "repository" },
    });
    await act(async () => fireEvent.click(within(who).getByRole("button", { name: "Save" })));
    expect(document.activeElement).toBe(within(who).getByRole("button", { name: "Change…" }));
  });

  it("says a save git still cannot use, and reads again after a failed read", async () => {
    const { read, set } = withIdentity({ name: null, email: null, from: null });
    const who = await screen.findByRole("region", { name: "Who commits" });
    fireEvent.change(within(who).getByLabelText("Name"), { target: { value: "Ann" } });
    fireEvent.change(within(who).getByLabelText("Email"), { target: { value: "ann@example.com" } });
    set.mockResolvedValueOnce({
      done: "Commits in every repository of yours are now signed Ann <ann@example.com>. git still cannot sign a commit with it.",
      identity: { name: null, email: null, from: null },
    });
    await act(async () => fireEvent.click(within(who).getByRole("button", { name: "Save" })));
    expect(within(who).getByRole("status").textContent).toMatch(/git still cannot sign a commit with it/);
    cleanup();

    read.mockRejectedValueOnce(new Error("git did not finish within 1 min."));
    render(
      <GitWork source={{ ...fakeSource(), identity: { read, set } }} refreshKey={0} onChanged={() => undefined} />,
    );
    const note = await screen.findByText(/Who commits could not be read: git did not finish/);
    read.mockResolvedValueOnce({ name: "Ann", email: "ann@example.com", from: "user" });
    await act(async () => fireEvent.click(within(note).getByRole("button", { name: "Try again" })));
    expect(screen.getByRole("region", { name: "Who commits" }).textContent).toContain(
      "Commits as Ann <ann@example.com>",
    );
  });
});
