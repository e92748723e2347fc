// @vitest-environment happy-dom
// The Terminal tab's project actions: a saved action runs in a terminal of its own at the screen's
// size, takes the screen beside a Shell tab, and has its command typed once; a second click shows
// it rather than starting it again; Stop and close ends it; a terminal that ended by itself is said
// so, a dropped connection to one still running is not. The editor adds a package.json script in one
// click, keeps what was typed when the backend refuses it, and asks before removing. A local address
// a terminal prints becomes a link, for that terminal only.
import { cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

const dev = { id: "act_dev", name: "Dev", command: "npm run dev" };
const shell = { id: "pty_shell", title: "Terminal", cwd: "/work/app", running: true, action: null };
const devRun = { id: "pty_dev", title: "Action: Dev", cwd: "/work/app", running: true, action: "Dev" };
const api = vi.hoisted(() => ({
  terminals: vi.fn(),
  openTerminal: vi.fn(),
  terminalConnection: vi.fn(async (_s: string, id: string) => `/api/terminals/connect?ticket=${id}`),
  resizeTerminal: vi.fn(async () => undefined),
  closeTerminal: vi.fn(async () => undefined),
  actions: vi.fn(),
  addAction: vi.fn(),
  changeAction: vi.fn(),
  removeAction: vi.fn(async () => ({ ok: true })),
  runAction: vi.fn(),
}));
vi.mock("../../shared/api.ts", () => ({
  api,
  errorMessage: (e: unknown) => (e instanceof Error ? e.message : String(e)),
}));
// The screen as TerminalView lays it out (91 columns, 27 rows); once connected it prints what
// `view.prints` holds for the path and types what the panel hands it. `view.now` is the one on
// screen, for a test to close its connection.
type ViewProps = {
  connect: (size: { cols: number; rows: number }) => Promise<string | null>;
  onOutput?: (text: string) => void;
  onClosed: () => void;
  takeTyping?: () => string | undefined;
};
const view = vi.hoisted(() => ({
  prints: {} as Record<string, string>,
  typed: [] as string[],
  now: null as null | ViewProps,
}));
vi.mock("./TerminalView.tsx", async () => {
  const { useEffect } = await import("react");
  return {
    default: (props: ViewProps) => {
      useEffect(() => {
        view.now = props;
        void props.connect({ cols: 91, rows: 27 }).then((path) => {
          if (!path) return;
          const text = view.prints[path];
          if (text) props.onOutput?.(text);
          const command = props.takeTyping?.();
          if (command) view.typed.push(command);
        });
      }, []);
      return <p>a screen</p>;
    },
  };
});
const { TerminalPanel } = await import("./TerminalPanel.tsx");

beforeEach(() => {
  api.terminals.mockResolvedValue([shell]);
  api.actions.mockResolvedValue({ actions: [dev], suggestions: [], suggestionsProblem: null });
  api.runAction.mockResolvedValue({ terminal: devRun, command: "npm run dev" });
  view.prints = {};
  view.typed = [];
});
afterEach(() => {
  cleanup();
  vi.clearAllMocks();
});

describe("project actions in the Terminal tab", () => {
  it("runs an action in a terminal of its own at the screen's size, beside the shell, and stops it", async () => {
    render(<TerminalPanel sessionID="ses_1" live />);
    await screen.findByRole("button", { name: "Close terminal" });
    api.terminals.mockResolvedValue([shell, devRun]);
    fireEvent.click(screen.getByRole("button", { name: "▶ Dev" }));
    await screen.findByRole("button", { name: "Stop and close" });
    expect(api.runAction).toHaveBeenCalledWith("ses_1", "act_dev", { cols: 91, rows: 27 });
    expect(view.typed).toEqual(["npm run dev"]);
    expect(api.terminalConnection).toHaveBeenLastCalledWith("ses_1", "pty_dev");
    const tabs = screen.getByRole("group", { name: "Terminals" });
    expect(within(tabs).getByRole("button", { name: "Dev" }).getAttribute("aria-pressed")).toBe("true");
    expect(screen.getByText("Dev · /work/app")).toBeTruthy();
    // The shell is one click away, and back.
    fireEvent.click(within(tabs).getByRole("button", { name: "Shell" }));
    await screen.findByRole("button", { name: "Close terminal" });
    expect(api.terminalConnection).toHaveBeenLastCalledWith("ses_1", "pty_shell");
    // The action's button now shows its terminal; it does not start a second one. The command was
    // typed once, not again on coming back.
    fireEvent.click(screen.getByRole("button", { name: "● Dev" }));
    fireEvent.click(await screen.findByRole("button", { name: "Stop and close" }));
    expect(api.runAction).toHaveBeenCalledTimes(1);
    expect(view.typed).toEqual(["npm run dev"]);
    expect(api.closeTerminal).toHaveBeenCalledWith("ses_1", "pty_dev");
    expect((await screen.findByRole("status")).textContent).toBe("The action is stopped.");
    expect(screen.queryByRole("group", { name: "Terminals" })).toBeNull();
    expect(screen.queryByRole("button", { name: "Stop and close" })).toBeNull();
    expect(screen.getByRole("button", { name: "▶ Dev" })).toBeTruthy();
  });

  it("says an action's terminal that ended by itself ended, and one whose connection dropped still runs", async () => {
    api.terminals.mockResolvedValue([shell, devRun]);
    render(<TerminalPanel sessionID="ses_1" live />);
    fireEvent.click(await screen.findByRole("button", { name: "● Dev" }));
    await screen.findByRole("button", { name: "Stop and close" });
    // The connection drops; OpenCode still lists the terminal as running.
    view.now?.onClosed();
    expect((await screen.findByRole("alert")).textContent).toMatch(/dropped; it still runs/);
    fireEvent.click(screen.getByRole("button", { name: "Try again" }));
    await screen.findByRole("button", { name: "Stop and close" });
    expect(api.terminalConnection).toHaveBeenLastCalledWith("ses_1", "pty_dev");
    // Dropped again while the backend cannot be reached: not an end either.
    api.terminals.mockRejectedValueOnce(new Error("The backend cannot be reached."));
    view.now?.onClosed();
    expect((await screen.findByRole("alert")).textContent).toMatch(/did not answer/);
    fireEvent.click(screen.getByRole("button", { name: "Try again" }));
    await screen.findByRole("button", { name: "Stop and close" });
    // Now the shell in it exits: OpenCode no longer lists it.
    api.terminals.mockResolvedValue([shell]);
    view.now?.onClosed();
    expect((await screen.findByRole("status")).textContent).toBe("This action's terminal has ended.");
    expect(screen.queryByRole("group", { name: "Terminals" })).toBeNull();
    fireEvent.click(screen.getByRole("button", { name: "Show the shell" }));
    await screen.findByRole("button", { name: "Close terminal" });
  });

  it("says why an action could not start", async () => {
    api.runAction.mockRejectedValue(new Error("The folder /work/app no longer exists."));
    render(<TerminalPanel sessionID="ses_1" live />);
    fireEvent.click(await screen.findByRole("button", { name: "▶ Dev" }));
    expect((await screen.findByRole("alert")).textContent).toBe(
      "Dev could not start: The folder /work/app no longer exists.",
    );
  });

  it("offers a local address a terminal printed as a link, for that terminal only, and again on coming back", async () => {
    api.terminals.mockResolvedValue([shell, devRun]);
    view.prints["/api/terminals/connect?ticket=pty_dev"] =
      "  \u001b[1mLocal\u001b[22m:   \u001b[36mhttp://localhost:\u001b[1m5173\u001b[22m/\u001b[39m\r\n";
    const { unmount } = render(<TerminalPanel sessionID="ses_1" live />);
    await screen.findByRole("button", { name: "Close terminal" });
    expect(screen.queryByRole("link")).toBeNull();
    fireEvent.click(screen.getByRole("button", { name: "● Dev" }));
    const link = await screen.findByRole("link", { name: "Open http://localhost:5173/" });
    expect(link.getAttribute("href")).toBe("http://localhost:5173/");
    expect(link.getAttribute("rel")).toBe("noopener noreferrer");
    fireEvent.click(screen.getByRole("button", { name: "Shell" }));
    await screen.findByRole("button", { name: "Close terminal" });
    expect(screen.queryByRole("link")).toBeNull();
    // The tab left and opened again, the replay no longer reaching the address: the link is kept.
    unmount();
    delete view.prints["/api/terminals/connect?ticket=pty_dev"];
    render(<TerminalPanel sessionID="ses_1" live />);
    fireEvent.click(await screen.findByRole("button", { name: "● Dev" }));
    await screen.findByRole("link", { name: "Open http://localhost:5173/" });
  });
});

describe("the actions row", () => {
  it("says why the actions could not be read, and reads them again on Try again", async () => {
    api.actions.mockRejectedValueOnce(new Error("OpenCode is starting."));
    render(<TerminalPanel sessionID="ses_1" live />);
    const alert = await screen.findByText(/^The project's actions could not be read: OpenCode is starting\./);
    fireEvent.click(within(alert).getByRole("button", { name: "Try again" }));
    await screen.findByRole("button", { name: "▶ Dev" });
    expect(screen.queryByText(/could not be read/)).toBeNull();
  });
});

describe("the actions editor", () => {
  it("adds a package.json script in one click", async () => {
    api.actions.mockResolvedValue({
      actions: [],
      suggestions: [{ name: "test", command: "npm test", from: "package.json" }],
      suggestionsProblem: null,
    });
    api.addAction.mockResolvedValue({ id: "act_test", name: "test", command: "npm test" });
    render(<TerminalPanel sessionID="ses_1" live />);
    // "Add an action…" is drawn, disabled, before the actions are read: a click then does nothing.
    await screen.findByText(/^Save the commands you run often here/);
    fireEvent.click(screen.getByRole("button", { name: "Add an action…" }));
    const suggested = screen.getByRole("group", { name: "Suggested from package.json" });
    api.actions.mockResolvedValue({
      actions: [{ id: "act_test", name: "test", command: "npm test" }],
      suggestions: [],
      suggestionsProblem: null,
    });
    fireEvent.click(within(suggested).getByRole("button", { name: "+ test" }));
    await screen.findByRole("button", { name: "▶ test" });
    expect(api.addAction).toHaveBeenCalledWith("ses_1", { name: "test", command: "npm test" });
  });

  it("keeps what was typed when the backend refuses it, and asks before removing", async () => {
    api.addAction.mockRejectedValue(new Error('This project has an action named "Dev" already.'));
    render(<TerminalPanel sessionID="ses_1" live />);
    fireEvent.click(await screen.findByRole("button", { name: "Edit actions" }));
    const form = screen.getByRole("form", { name: "New action" });
    fireEvent.change(within(form).getByLabelText("Name"), { target: { value: "Dev" } });
    fireEvent.change(within(form).getByLabelText("Command"), { target: { value: "vite --host" } });
    fireEvent.click(within(form).getByRole("button", { name: "Add the action" }));
    expect((await within(form).findByRole("alert")).textContent).toMatch(/already/);
    expect((within(form).getByLabelText("Command") as HTMLInputElement).value).toBe("vite --host");

    const saved = screen.getByRole("form", { name: "Action Dev" });
    fireEvent.click(within(saved).getByRole("button", { name: "Remove…" }));
    expect(api.removeAction).not.toHaveBeenCalled();
    const ask = within(saved).getByRole("group", { name: "Remove Dev" });
    fireEvent.click(within(ask).getByRole("button", { name: "Remove" }));
    await vi.waitFor(() => expect(api.removeAction).toHaveBeenCalledWith("ses_1", "act_dev"));
  });
});
