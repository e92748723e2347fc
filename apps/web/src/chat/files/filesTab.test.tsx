// @vitest-environment happy-dom
// The Files tab in the chat window: the open chat's project, read through the backend, and a file
// mentioned from the viewer lands in the message box.
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ChatApp } from "../ChatApp.tsx";
import { fake, session } from "../testHarness.tsx";

vi.mock("../../shared/api.ts", async () => (await import("../testHarness.tsx")).apiModule());
vi.mock("../../shared/useBackendEvents.ts", async () => (await import("../testHarness.tsx")).backendEventsModule());

beforeEach(() => fake.reset());
afterEach(cleanup);

/** The chat window with one chat whose project holds one file, that file opened in the Files tab, `draft` typed. */
async function openFile(name: string, path: string, content: string, draft: string) {
  fake.api.sessions.mockResolvedValue([session("ses_1", "Work", 10)]);
  fake.api.tree.mockResolvedValue({ path: "", entries: [{ name, path, type: "file", ignored: false }] });
  fake.api.readFile.mockResolvedValue({ path, kind: "text", content, size: content.length });
  render(<ChatApp />);
  fireEvent.click(await screen.findByRole("button", { name: /^Work/ }));
  fireEvent.change(screen.getByLabelText("Message"), { target: { value: draft } });
  fireEvent.click(await screen.findByRole("tab", { name: "Files" }));
  fireEvent.click(await screen.findByRole("button", { name }));
  await screen.findByText(content);
}

describe("the Files tab of the chat window", () => {
  it("shows the open chat's project files and mentions one in the message", async () => {
    await openFile("notes.txt", "notes.txt", "alpha", "explain");
    expect(fake.api.tree).toHaveBeenCalledWith("ses_1", "", undefined); // the first page, unfiltered
    expect(fake.api.readFile).toHaveBeenCalledWith("ses_1", "notes.txt");
    fireEvent.click(screen.getByRole("button", { name: "Mention in the message" }));
    expect((screen.getByLabelText("Message") as HTMLTextAreaElement).value).toBe("explain @notes.txt ");
  });

  it("mentions a file whose name has a space, quoted, and sends it as that one file", async () => {
    await openFile("my plan.md", "docs/my plan.md", "plan", "follow");
    fireEvent.click(screen.getByRole("button", { name: "Mention in the message" }));
    const box = screen.getByLabelText("Message") as HTMLTextAreaElement;
    expect(box.value).toBe('follow @"docs/my plan.md" ');
    fireEvent.keyDown(box, { key: "Enter" });
    await waitFor(() =>
      expect(fake.api.prompt).toHaveBeenCalledWith(
        "ses_1",
        expect.objectContaining({ text: 'follow @"docs/my plan.md" ', mentions: ["docs/my plan.md"] }),
      ),
    );
  });
});
