// @vitest-environment happy-dom
// The MCP panel's own paths that the chromium test does not take: nothing at all for a project
// without MCP servers, a list that cannot be read is a sentence, an action OpenCode refuses is a
// sentence and the list stays as it was, a sign-in that did not finish shows its sentence, and the
// summary counts what needs attention.

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

  it("shows nothing for a project without MCP servers", async () => {
    const { container } = render(<McpPanel sessionID="ses_1" live />);
    await vi.waitFor(() => expect(fake.api.mcpServers).toHaveBeenCalledWith("ses_1"));
    expect(container.textContent).toBe("");
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
});
