// @vitest-environment happy-dom
// "Write it for me" in the pull request form, with a fake model: the title and description it
// writes for the chosen base fill the form (read-only while it writes, with how long it has been),
// what was typed can be put back, Stop gives the question up and leaves the form as it was, and a
// refusal says why. Not offered without a writer.
import { act, cleanup, fireEvent, render, within } from "@testing-library/react";
import type { PullRequestTextResponse } from "@turnkey/contracts";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { PullRequestWriter } from "./PullRequestForm.tsx";
import { PullRequestSection } from "./PullRequestSection.tsx";
import { fakeSource, open } from "./pullRequestFixtures.ts";

afterEach(cleanup);

async function openForm(writer?: PullRequestWriter) {
  render(<PullRequestSection source={fakeSource()} onPush={vi.fn()} {...(writer ? { writer } : {})} />);
  const section = open();
  fireEvent.click(await within(section).findByRole("button", { name: "Create pull request" }));
  const form = await within(section).findByRole("form", { name: "New pull request" });
  return {
    form,
    title: within(form).getByLabelText("Pull request title") as HTMLInputElement,
    body: within(form).getByLabelText("Pull request description") as HTMLTextAreaElement,
  };
}

const written: PullRequestTextResponse = {
  title: "Add a login form that remembers the user",
  body: "The old form forgot who signed in.\n\n- a form\n- its test",
  commits: 1,
  shortened: true,
};

describe("Write it for me, in the pull request form", () => {
  it("fills the title and description for the chosen base, and puts back what was typed", async () => {
    let answer: (text: PullRequestTextResponse) => void = () => undefined;
    const write = vi.fn(
      (_base: string, _signal: AbortSignal) => new Promise<PullRequestTextResponse>((resolve) => (answer = resolve)),
    );
    const { form, title, body } = await openForm({ modelName: "Stub Model", write });
    fireEvent.change(title, { target: { value: "My own title" } });
    fireEvent.change(within(form).getByLabelText("Base branch"), { target: { value: "release" } });
    fireEvent.click(within(form).getByRole("button", { name: "Write it for me" }));
    expect(write).toHaveBeenCalledWith("release", expect.any(AbortSignal));
    expect(title.readOnly).toBe(true);
    expect(body.readOnly).toBe(true);
    expect(
      within(form).getByText(
        /^Asking Stub Model for a title and description from login's work against release… \d+ s$/,
      ),
    ).toBeTruthy();
    expect((within(form).getByLabelText("Base branch") as HTMLSelectElement).disabled).toBe(true);
    await act(async () => answer(written));
    expect(title.value).toBe(written.title);
    expect(body.value).toBe(written.body);
    expect(title.readOnly).toBe(false);
    expect(within(form).getByRole("note").textContent).toContain(
      "Written by Stub Model: read it before you create the pull request. Part of the changes",
    );
    fireEvent.click(within(form).getByRole("button", { name: "Put back what you wrote" }));
    expect(title.value).toBe("My own title");
    expect(body.value).toBe("It posts to /login.");
  });

  it("gives the question up on Stop, leaving the form as it was, and says why one failed", async () => {
    let given: AbortSignal | undefined;
    let late: (text: PullRequestTextResponse) => void = () => undefined;
    const write = vi.fn(async (_base: string, signal: AbortSignal) => {
      given = signal;
      return new Promise<PullRequestTextResponse>((resolve) => (late = resolve));
    });
    const { form, title } = await openForm({ modelName: null, write });
    fireEvent.click(within(form).getByRole("button", { name: "Write it for me" }));
    fireEvent.click(within(form).getByRole("button", { name: "Stop writing" }));
    expect(given?.aborted).toBe(true);
    // An answer that comes after Stop is not put in the form.
    await act(async () => late(written));
    expect(title.value).toBe("Add the login form");
    expect(within(form).getByRole("note").textContent).toBe("Stopped: what you wrote is as it was.");

    write.mockRejectedValueOnce(new Error("The model could not answer: no key."));
    await act(async () => fireEvent.click(within(form).getByRole("button", { name: "Write it for me" })));
    expect(within(form).getByRole("alert").textContent).toBe("The model could not answer: no key.");
    expect(title.value).toBe("Add the login form");
  });

  it("is not offered without a writer", async () => {
    const { form } = await openForm();
    expect(within(form).queryByRole("button", { name: "Write it for me" })).toBeNull();
  });
});
