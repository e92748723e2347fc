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

describe("the Files tab of the chat window", () => {
  it("shows the open chat's project files and mentions one in the message", async () => {
    fake.api.sessions.mockResolvedValue([session("ses_1", "Work", 10)]);
    fake.api.tree.mockResolvedValue({
      path: "",
      entries: [{ name: "notes.txt", path: "notes.txt", type: "file", ignored: false }],
    });
    fake.api.readFile.mockResolvedValue({ path: "notes.txt", kind: "text", content: "alpha", size: 5 });
    render(<ChatApp />);
    fireEvent.click(await screen.findByRole("button", { name: /^Work/ }));
    fireEvent.change(screen.getByLabelText("Message"), { target: { value: "explain" } });
    fireEvent.click(await screen.findByRole("tab", { name: "Files" }));
    fireEvent.click(await screen.findByRole("button", { name: "notes.txt" }));
    await screen.findByText("alpha");
    expect(fake.api.tree).toHaveBeenCalledWith("ses_1", "");
    expect(fake.api.readFile).toHaveBeenCalledWith("ses_1", "notes.txt");
    fireEvent.click(screen.getByRole("button", { name: "Mention in the message" }));
    expect((screen.getByLabelText("Message") as HTMLTextAreaElement).value).toBe("explain @notes.txt ");
  });

  it("mentions a file whose name has a space, quoted, and sends it as that one file", async () => {
    fake.api.sessions.mockResolvedValue([session("ses_1", "Work", 10)]);
    fake.api.tree.mockResolvedValue({
      path: "",
      entries: [{ name: "my plan.md", path: "docs/my plan.md", type: "file", ignored: false }],
    });
    fake.api.readFile.mockResolvedValue({ path: "docs/my plan.md", kind: "text", content: "plan", size: 4 });
    render(<ChatApp />);
    fireEvent.click(await screen.findByRole("button", { name: /^Work/ }));
    fireEvent.change(screen.getByLabelText("Message"), { target: { value: "follow" } });
    fireEvent.click(await screen.findByRole("tab", { name: "Files" }));
    fireEvent.click(await screen.findByRole("button", { name: "my plan.md" }));
    await screen.findByText("plan");
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
