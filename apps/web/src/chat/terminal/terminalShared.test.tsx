// @vitest-environment happy-dom
// The Terminal tab is the project's (review 5, L1): a chat whose project already has a running
// shell, opened from another chat, shows that shell rather than a second one, and Close says it
// ends the shell for every chat of the project.
import { cleanup, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";

const api = vi.hoisted(() => ({
  terminals: vi.fn(async () => [{ id: "pty_fromChatA", title: "Terminal", cwd: "/work/app", running: true }]),
  openTerminal: vi.fn(),
  terminalConnection: vi.fn(async () => "/api/terminals/connect?ticket=t"),
  resizeTerminal: vi.fn(async () => undefined),
  closeTerminal: vi.fn(async () => undefined),
}));
vi.mock("../../shared/api.ts", () => ({ api, errorMessage: (e: unknown) => String(e) }));
vi.mock("./TerminalView.tsx", () => ({ default: () => <p>the shell</p> }));
const { TerminalPanel } = await import("./TerminalPanel.tsx");

afterEach(cleanup);

describe("the project's terminal", () => {
  it("shows the shell another chat of the project opened, and Close says it ends it for every chat", async () => {
    render(<TerminalPanel sessionID="ses_chatB" live />);
    const close = await screen.findByRole("button", { name: "Close terminal" });
    expect(api.openTerminal).not.toHaveBeenCalled();
    expect(api.terminalConnection).toHaveBeenCalledWith("ses_chatB", "pty_fromChatA");
    expect(close.getAttribute("title")).toBe("Ends the shell for every chat of this project");
    expect(screen.getByText("/work/app")).toBeTruthy();
  });
});
