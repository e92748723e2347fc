// @vitest-environment happy-dom
// The Terminal tab is the project's (review 5, L1): a chat whose project already has a running
// shell, opened from another chat, shows that shell rather than a second one, and Close says it
// ends the shell for every chat of the project. A new shell starts at the size the screen was laid
// out at (opencode's PTY would otherwise start it at 80x24), and a screen replaced while its shell
// is being looked up never makes a second one.
import { cleanup, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";

const api = vi.hoisted(() => ({
  terminals: vi.fn(async () => [
    { id: "pty_action", title: "Action: Dev", cwd: "/work/app", running: true, action: "Dev" },
    { id: "pty_fromChatA", title: "Terminal", cwd: "/work/app", running: true, action: null },
  ]),
  openTerminal: vi.fn(async () => ({
    id: "pty_new",
    title: "Terminal",
    cwd: "/work/app",
    running: true,
    action: null,
  })),
  actions: vi.fn(async () => ({ actions: [], suggestions: [], suggestionsProblem: null })),
  terminalConnection: vi.fn(async () => "/api/terminals/connect?ticket=t"),
  resizeTerminal: vi.fn(async () => undefined),
  closeTerminal: vi.fn(async () => undefined),
}));
vi.mock("../../shared/api.ts", () => ({ api, errorMessage: (e: unknown) => String(e) }));
// The screen as TerminalView lays it out: 91 columns and 27 rows, then it asks for its shell.
vi.mock("./TerminalView.tsx", async () => {
  const { useEffect } = await import("react");
  return {
    default: (props: { connect: (size: { cols: number; rows: number }) => Promise<string | null> }) => {
      useEffect(() => void props.connect({ cols: 91, rows: 27 }), []);
      return <p>the shell</p>;
    },
  };
});
const { TerminalPanel } = await import("./TerminalPanel.tsx");

afterEach(() => {
  cleanup();
  vi.clearAllMocks();
});

describe("the project's terminal", () => {
  it("shows the shell another chat of the project opened, and Close says it ends it for every chat", async () => {
    render(<TerminalPanel sessionID="ses_chatB" live />);
    const close = await screen.findByRole("button", { name: "Close terminal" });
    expect(api.openTerminal).not.toHaveBeenCalled();
    expect(api.terminalConnection).toHaveBeenCalledWith("ses_chatB", "pty_fromChatA");
    expect(close.getAttribute("title")).toBe("Ends the shell for every chat of this project");
    expect(screen.getByText("/work/app")).toBeTruthy();
  });

  it("starts a new shell at the screen's size, once", async () => {
    api.terminals.mockResolvedValue([]);
    render(<TerminalPanel sessionID="ses_1" live />);
    await screen.findByRole("button", { name: "Close terminal" });
    expect(api.openTerminal).toHaveBeenCalledTimes(1);
    expect(api.openTerminal).toHaveBeenCalledWith("ses_1", { cols: 91, rows: 27 });
    expect(api.terminalConnection).toHaveBeenCalledWith("ses_1", "pty_new");
  });
});
