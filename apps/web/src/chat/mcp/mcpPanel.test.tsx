// @vitest-environment happy-dom
// The MCP panel's own paths that the chromium test does not take: a project without MCP servers
// offers to add one, a list that cannot be read is a sentence, an action OpenCode refuses is a
// sentence and the list stays as it was, a sign-in that did not finish shows its sentence, the
// summary counts what needs attention; the switch's state is offered to be kept in the file, a
// remote server's sign-in can be forgotten, and the edit form sends a hidden secret back as null
// (kept), a variable as {env:NAME}, and shows a refused save's sentence with the form still open.

import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import type { McpServer } from "@turnkey/contracts";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { fake } from "../testHarness.tsx";
import { McpPanel, mcpSummary } from "./McpPanel.tsx";

vi.mock("../../shared/api.ts", async () => (await import("../testHarness.tsx")).apiModule());

const server = (name: string, state: McpServer["state"], extra: Partial<McpServer> = {}): McpServer => ({
  name,
  state,
  error: null,
  sentence: `${name} is ${state}.`,
  signIn: null,
  source: null,
  ...extra,
});
const files = { project: "/p/opencode.json", global: "/home/u/.config/opencode/opencode.json" };

const api = fake.api as typeof fake.api & Record<string, ReturnType<typeof vi.fn>>;

beforeEach(() => {
  fake.reset();
  api.connectMcp = vi.fn();
  api.disconnectMcp = vi.fn();
  api.signInMcp = vi.fn();
  api.signOutMcp = vi.fn();
  api.keepMcpSwitch = vi.fn();
  api.saveMcpServer = vi.fn();
  api.mcpServerConfig = vi.fn();
});
afterEach(cleanup);

describe("the MCP panel", () => {
  it("counts what needs attention in its summary", () => {
    expect(
      mcpSummary([
        server("a", "connected"),
        server("b", "failed"),
        server("c", "needs_auth"),
        server("d", "needs_client_registration"),
        server("e", "disabled"),
      ]),
    ).toBe("1 of 5 connected · 1 failed · 2 need sign-in");
  });

  it("offers to add the first server in a project without any", async () => {
    render(<McpPanel sessionID="ses_1" live />);
    expect(await screen.findByText("No MCP server is set up for this project.")).toBeTruthy();
    expect(screen.getByText("none")).toBeTruthy();
    expect(screen.getByRole("button", { name: "Add a server" })).toBeTruthy();
  });

  it("says so when the list cannot be read", async () => {
    fake.api.mcpServers.mockRejectedValueOnce(new Error("OpenCode is stopped, so nothing was read."));
    render(<McpPanel sessionID="ses_1" live />);
    expect((await screen.findByRole("alert")).textContent).toBe(
      "The MCP servers could not be read: OpenCode is stopped, so nothing was read.",
    );
  });

  it("shows a refused action's sentence and keeps the list, and a failed sign-in's sentence", async () => {
    fake.api.mcpServers.mockResolvedValueOnce({
      files,
      servers: [
        server("tools", "connected"),
        server("remote", "needs_auth", {
          signIn: {
            waiting: false,
            url: null,
            error: 'Signing in to "remote" did not finish. Press Sign in to try again.',
          },
        }),
      ],
    });
    api.disconnectMcp!.mockRejectedValueOnce(new Error("Stopping the MCP server failed: busy."));
    render(<McpPanel sessionID="ses_1" live />);
    expect(await screen.findByText('Signing in to "remote" did not finish. Press Sign in to try again.')).toBeTruthy();
    expect(screen.getByRole("button", { name: "Sign in" })).toBeTruthy();
    fireEvent.click(screen.getByRole("switch", { name: "Use tools" }));
    expect(await screen.findByText("Stopping the MCP server failed: busy.")).toBeTruthy();
    expect(api.disconnectMcp).toHaveBeenCalledWith("ses_1", "tools");
    expect((screen.getByRole("switch", { name: "Use tools" }) as HTMLInputElement).checked).toBe(true);
  });

  it("offers to keep the switch's state in the file when the run differs from it", async () => {
    const source = { scope: "project" as const, type: "remote" as const, file: "/p/opencode.json", enabled: true };
    fake.api.mcpServers.mockResolvedValueOnce({
      files,
      servers: [
        server("tools", "disabled", { source: { ...source, type: "local" } }),
        server("api", "connected", { source }),
      ],
    });
    api.keepMcpSwitch!.mockResolvedValueOnce({ files, servers: [] });
    render(<McpPanel sessionID="ses_1" live />);
    expect(
      await screen.findByText(
        "From the project's opencode.json. Off for this run of OpenCode only: the file turns it on.",
      ),
    ).toBeTruthy();
    expect(screen.getAllByRole("button", { name: /Keep it/ })).toHaveLength(1); // "api" is as its file says
    fireEvent.click(screen.getByRole("button", { name: "Keep it off" }));
    await vi.waitFor(() => expect(api.keepMcpSwitch).toHaveBeenCalledWith("ses_1", "tools", false));
  });

  it("offers no action for a server named '..', which no address can carry, and shows why", async () => {
    const source = { scope: "project" as const, type: "remote" as const, file: "/p/opencode.json", enabled: true };
    const sentence = 'An MCP server named ".." cannot be switched, signed in to or edited from here.';
    fake.api.mcpServers.mockResolvedValueOnce({
      files,
      servers: [server("..", "needs_auth", { source, sentence }), server("ok", "needs_auth", { source })],
    });
    render(<McpPanel sessionID="ses_1" live />);
    expect(await screen.findByText(sentence)).toBeTruthy();
    const row = document.querySelector('[data-mcp=".."]')!;
    expect(row.querySelectorAll("button, input")).toHaveLength(0);
    expect(document.querySelector('[data-mcp="ok"]')!.querySelectorAll("button").length).toBeGreaterThan(0);
  });

  it("warns before saving that a provider key or OpenCode's own secret reaches the server empty", async () => {
    fake.api.mcpServers.mockResolvedValueOnce({ files, servers: [], emptiedNames: ["ANTHROPIC_KEY_FILE_NAME"] });
    render(<McpPanel sessionID="ses_1" live />);
    fireEvent.click(await screen.findByRole("button", { name: "Add a server" }));
    fireEvent.change(screen.getByPlaceholderText("npx"), { target: { value: "node" } });
    fireEvent.click(screen.getByRole("button", { name: "Add a variable" }));
    fireEvent.change(screen.getByLabelText("variable name"), { target: { value: "TOKEN" } });
    const variable = screen.getByLabelText("Environment variable for TOKEN");
    fireEvent.change(variable, { target: { value: "MY_OWN_TOKEN" } });
    expect(screen.queryByRole("status")).toBeNull(); // a variable of the server's own: no warning
    fireEvent.change(variable, { target: { value: "OPENAI_API_KEY" } });
    expect(screen.getByRole("status").textContent).toContain("OpenCode gives this server {env:OPENAI_API_KEY} empty");
    // One the backend says it empties (a learnt provider key name), even in an argument.
    fireEvent.change(screen.getByRole("textbox", { name: /Arguments/ }), {
      target: { value: "--key={env:ANTHROPIC_KEY_FILE_NAME}" },
    });
    expect(screen.getByRole("status").textContent).toContain(
      "{env:ANTHROPIC_KEY_FILE_NAME}, {env:OPENAI_API_KEY} empty: they hold a provider key",
    );
  });

  it("forgets a remote server's sign-in", async () => {
    const source = { scope: "global" as const, type: "remote" as const, file: "/h/opencode.jsonc", enabled: true };
    fake.api.mcpServers.mockResolvedValueOnce({ files, servers: [server("api", "connected", { source })] });
    api.signOutMcp!.mockResolvedValueOnce({ files, servers: [server("api", "needs_auth", { source })] });
    render(<McpPanel sessionID="ses_1" live />);
    fireEvent.click(await screen.findByRole("button", { name: "Forget sign-in" }));
    await vi.waitFor(() => expect(api.signOutMcp).toHaveBeenCalledWith("ses_1", "api"));
    expect(await screen.findByText("Needs sign-in")).toBeTruthy();
  });

  it("sends a hidden secret back as kept and a variable as {env:NAME}; a refused save keeps the form", async () => {
    const source = { scope: "project" as const, type: "local" as const, file: "/p/opencode.json", enabled: true };
    fake.api.mcpServers.mockResolvedValueOnce({ files, servers: [server("tools", "connected", { source })] });
    api.mcpServerConfig!.mockResolvedValueOnce({
      name: "tools",
      source,
      entry: {
        type: "local",
        command: ["node", "server.mjs"],
        environment: [{ name: "API_KEY", value: null }],
        enabled: true,
        timeoutMs: 5000,
      },
    });
    api.saveMcpServer!.mockRejectedValueOnce(new Error("/p/opencode.json could not be written (EACCES)."));
    render(<McpPanel sessionID="ses_1" live />);
    fireEvent.click(await screen.findByRole("button", { name: "Edit" }));
    const hidden = (await screen.findByLabelText("Value of API_KEY")) as HTMLInputElement;
    expect(hidden.type).toBe("password");
    expect(hidden.value).toBe("");
    expect(hidden.placeholder).toContain("hidden");
    fireEvent.click(screen.getByRole("button", { name: "Add a variable" }));
    const names = screen.getAllByLabelText("variable name") as HTMLInputElement[];
    fireEvent.change(names[1]!, { target: { value: "REGION" } });
    fireEvent.change(screen.getByLabelText("Environment variable for REGION"), { target: { value: "MY_REGION" } });
    fireEvent.click(screen.getByRole("button", { name: "Save" }));
    expect(await screen.findByText("/p/opencode.json could not be written (EACCES).")).toBeTruthy();
    expect(api.saveMcpServer).toHaveBeenCalledWith("ses_1", "tools", {
      scope: "project",
      create: false,
      entry: {
        type: "local",
        command: ["node", "server.mjs"],
        environment: [
          { name: "API_KEY", value: null },
          { name: "REGION", value: "{env:MY_REGION}" },
        ],
        enabled: true,
        timeoutMs: 5000,
      },
    });
    expect(screen.getByRole("form", { name: "Change tools" })).toBeTruthy(); // still open, as typed
  });
});
