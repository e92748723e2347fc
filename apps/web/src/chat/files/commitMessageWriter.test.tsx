// @vitest-environment happy-dom
// "Write it for me" in the commit form, with a fake backend: the chosen files and the chat's model
// are what is asked about, the answer lands in the box with a line naming the model, a message it
// replaced can be put back, the box cannot be typed in while the model writes, Stop gives the
// question up and leaves the box as it was, and a failure is said with the message untouched.
import { act, cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import type { GitMessageRequest, GitMessageResponse } from "@turnkey/contracts";
import { afterEach, describe, expect, it, vi } from "vitest";
import { GitWork } from "./GitWork.tsx";
import { fakeSource } from "./gitWorkFixtures.ts";

afterEach(cleanup);

const model = { providerID: "stub", modelID: "stub-model" };

function withWriter() {
  const asked: {
    request: GitMessageRequest;
    signal: AbortSignal;
    answer: (r: GitMessageResponse) => void;
    fail: (e: Error) => void;
  }[] = [];
  const writeMessage = vi.fn(
    (request: GitMessageRequest, signal: AbortSignal) =>
      new Promise<GitMessageResponse>((answer, fail) => asked.push({ request, signal, answer, fail })),
  );
  const source = { ...fakeSource(), writeMessage };
  render(<GitWork source={source} refreshKey={0} onChanged={() => undefined} model={{ model, name: "Stub Model" }} />);
  return { source, asked };
}

const box = (form: HTMLElement) => within(form).getByLabelText("What the commit does") as HTMLTextAreaElement;

describe("Write it for me", () => {
  it("asks the chat's model about the chosen files, fills the box, and can put back what was typed", async () => {
    const { source, asked } = withWriter();
    const form = await screen.findByRole("form", { name: "Commit" });
    fireEvent.change(box(form), { target: { value: "my own words" } });
    fireEvent.click(within(form).getByRole("checkbox", { name: /notes\.txt/ }));
    const write = within(form).getByRole("button", { name: "Write it for me" });
    expect(write.title).toMatch(/Stub Model/);
    fireEvent.click(write);

    expect(asked).toHaveLength(1);
    expect(asked[0]!.request).toEqual({ paths: ["new file.txt"], model });
    expect(within(form).getByRole("status").textContent).toMatch(/Asking Stub Model for a message from 1 file… 0 s/);
    // Nothing typed now is lost: the box waits, and so does Commit.
    expect(box(form).readOnly).toBe(true);
    expect((within(form).getByRole("button", { name: "Commit 1 file" }) as HTMLButtonElement).disabled).toBe(true);
    // …and so do the files it was asked about.
    expect((within(form).getByRole("checkbox", { name: /notes\.txt/ }) as HTMLInputElement).disabled).toBe(true);
    expect((within(form).getByRole("button", { name: "Choose none" }) as HTMLButtonElement).disabled).toBe(true);

    await act(async () => asked[0]!.answer({ message: "Add the new file\n\nWhy it helps.", files: 1, shortened: 1 }));
    expect(box(form).value).toBe("Add the new file\n\nWhy it helps.");
    expect(box(form).readOnly).toBe(false);
    expect(source.draft.message).toBe("Add the new file\n\nWhy it helps."); // kept when the tab closes
    const note = within(form).getByRole("note");
    expect(note.textContent).toMatch(
      /Written by Stub Model: read it before you commit\. The changes of 1 file were cut short or left out, to keep the question short\./,
    );
    // A second answer: what is put back is still what the person wrote, not the first answer.
    fireEvent.click(within(form).getByRole("button", { name: "Write it for me" }));
    await act(async () => asked[1]!.answer({ message: "Add a file", files: 1, shortened: 0 }));
    fireEvent.click(within(form).getByRole("button", { name: "Put back what you wrote" }));
    expect(box(form).value).toBe("my own words");
    expect(within(form).queryByRole("note")).toBeNull();

    // Once the person edits an answer, nothing offers to undo that edit.
    fireEvent.click(within(form).getByRole("button", { name: "Write it for me" }));
    await act(async () => asked[2]!.answer({ message: "Add a file", files: 1, shortened: 0 }));
    fireEvent.change(box(form), { target: { value: "Add a file, by hand" } });
    expect(within(form).queryByRole("button", { name: "Put back what you wrote" })).toBeNull();
  });

  it("gives the question up on Stop, and says a failure with the message left as it was", async () => {
    const { asked } = withWriter();
    const form = await screen.findByRole("form", { name: "Commit" });
    fireEvent.change(box(form), { target: { value: "draft" } });
    fireEvent.click(within(form).getByRole("button", { name: "Write it for me" }));
    expect(asked[0]!.request.paths).toEqual(["notes.txt", "new file.txt"]);
    fireEvent.click(within(form).getByRole("button", { name: "Stop writing" }));
    expect(asked[0]!.signal.aborted).toBe(true);
    expect(within(form).getByRole("note").textContent).toBe("Stopped: what you wrote is as it was.");
    // A late answer of the question given up on changes nothing.
    await act(async () => asked[0]!.answer({ message: "too late", files: 2, shortened: 0 }));
    expect(box(form).value).toBe("draft");

    fireEvent.click(within(form).getByRole("button", { name: "Write it for me" }));
    await act(async () => asked[1]!.fail(new Error("The model could not answer: Incorrect API key provided.")));
    expect(within(form).getByRole("alert").textContent).toBe("The model could not answer: Incorrect API key provided.");
    expect(box(form).value).toBe("draft");
    expect(box(form).readOnly).toBe(false);
  });

  it("is not offered with no file chosen, and gives the question up when the form goes", async () => {
    const { asked } = withWriter();
    const form = await screen.findByRole("form", { name: "Commit" });
    fireEvent.click(within(form).getByRole("button", { name: "Choose none" }));
    expect((within(form).getByRole("button", { name: "Write it for me" }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(within(form).getByRole("button", { name: "Choose all" }));
    fireEvent.click(within(form).getByRole("button", { name: "Write it for me" }));
    cleanup();
    expect(asked[0]!.signal.aborted).toBe(true);
  });
});
