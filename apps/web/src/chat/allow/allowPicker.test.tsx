// @vitest-environment happy-dom
// "Permissions" beside the agent and model, against a fake backend: the chat's level read when it
// opens and changed with the picker, another window's change and the backend's answers followed
// by event (the record of what went without asking), a refusal said with the level kept, and a
// level chosen before a chat exists set on it before its first prompt goes; a card the level left
// to the user says why, and loses the reason when the backend's list does.
import { act, cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { TurnkeyApiError } from "@turnkey/client";
import type { AllowSetting } from "@turnkey/contracts";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ChatApp } from "../ChatApp.tsx";
import { deferred, fake, session } from "../testHarness.tsx";

vi.mock("../../shared/api.ts", async () => (await import("../testHarness.tsx")).apiModule());
vi.mock("../../shared/useBackendEvents.ts", async () => (await import("../testHarness.tsx")).backendEventsModule());

beforeEach(() => {
  fake.reset();
  fake.api.allowSetting.mockImplementation(async () => ({ level: "ask", allowed: [] }));
  fake.api.setAllow.mockImplementation(async (_id, level) => ({ level, allowed: [] }));
});
afterEach(cleanup);

const picker = () => screen.getByLabelText("Permissions") as HTMLSelectElement;
const bash = (id: string, sessionID: string, command: string) => ({
  at: Date.UTC(2026, 10, 24, 12, 3),
  sessionID,
  permission: { id, permission: "bash", patterns: [command], toolCallID: null },
});

async function openChat() {
  fake.api.sessions.mockResolvedValue([session("ses_1", "Chat", 10)]);
  render(<ChatApp />);
  fireEvent.click(await screen.findByRole("button", { name: /^Chat/ }));
  await waitFor(() => expect(fake.api.allowSetting).toHaveBeenCalledWith("ses_1"));
}

describe("what the chat allows without asking", () => {
  it("says on a card why the chat's level left it to the user, and follows the backend's list", async () => {
    fake.api.allowSetting.mockImplementation(async () => ({ level: "everything", allowed: [] }));
    await openChat();
    const why =
      "It names .env, a protected place (secrets, credentials, OpenCode's and this app's own files): requests for those always ask.";
    const request = { kind: "permission" as const, ...bash("per_9", "ses_1", "cat .env"), id: "per_9" };
    act(() =>
      fake.emit({
        type: "waiting",
        sessionID: "ses_1",
        pending: [{ ...request, permission: { ...request.permission, whyAsked: why } }],
      }),
    );
    const card = await screen.findByRole("region", { name: "Permission request" });
    expect(card.textContent).toContain(`Not answered on its own: ${why}`);
    act(() => fake.emit({ type: "waiting", sessionID: "ses_1", pending: [request] }));
    await waitFor(() =>
      expect(screen.getByRole("region", { name: "Permission request" }).textContent).not.toContain("Not answered"),
    );
  });

  it("shows the chat's level, changes it, and follows the backend's answers and another window's change", async () => {
    fake.api.allowSetting.mockImplementation(async () => ({ level: "edits", allowed: [] }));
    await openChat();
    await waitFor(() => expect(picker().value).toBe("edits"));
    expect(picker().getAttribute("aria-describedby")).toBeTruthy();
    expect(document.getElementById(picker().getAttribute("aria-describedby")!)?.textContent).toContain("still asks");
    await act(async () => fireEvent.change(picker(), { target: { value: "everything" } }));
    expect(fake.api.setAllow).toHaveBeenCalledWith("ses_1", "everything");
    expect(picker().value).toBe("everything");

    const answered: AllowSetting = {
      level: "everything",
      allowed: [bash("per_1", "ses_1", "npm test"), bash("per_2", "ses_sub", "ls -la")],
    };
    act(() => fake.emit({ type: "allow", sessionID: "ses_1", setting: answered }));
    const record = screen.getByText("2 allowed").closest("details")!;
    record.open = true;
    const items = within(record)
      .getAllByRole("listitem")
      .map((li) => li.textContent);
    expect(items[0]).toMatch(/bash: npm test$/);
    expect(items[1]).toMatch(/bash: ls -la \(a subagent\)$/);
    // Another chat's setting is not this one's.
    act(() => fake.emit({ type: "allow", sessionID: "ses_2", setting: { level: "ask", allowed: [] } }));
    expect(picker().value).toBe("everything");
    act(() => fake.emit({ type: "allow", sessionID: "ses_1", setting: { level: "ask", allowed: answered.allowed } }));
    expect(picker().value).toBe("ask");
  });

  it("says it is reading, not 'Ask first', until the chat's setting is known", async () => {
    const answer = deferred<AllowSetting>();
    fake.api.allowSetting.mockImplementation(() => answer.promise);
    fake.api.sessions.mockResolvedValue([session("ses_1", "Chat", 10)]);
    render(<ChatApp />);
    fireEvent.click(await screen.findByRole("button", { name: /^Chat/ }));
    await waitFor(() => expect(fake.api.allowSetting).toHaveBeenCalledWith("ses_1"));
    expect(picker().disabled).toBe(true);
    expect(picker().selectedOptions[0]?.textContent).toBe("reading…");
    await act(async () => answer.resolve({ level: "everything", allowed: [] }));
    expect(picker().disabled).toBe(false);
    expect(picker().value).toBe("everything");
  });

  it("says why a change was refused, and keeps the level the chat has", async () => {
    await openChat();
    fake.api.setAllow.mockRejectedValueOnce(
      new TurnkeyApiError(409, "kept_file_blocked", "The allow settings file cannot be read. Move it."),
    );
    await act(async () => fireEvent.change(picker(), { target: { value: "edits" } }));
    expect(screen.getByRole("alert").textContent).toBe(
      "The setting was not changed: The allow settings file cannot be read. Move it.",
    );
    expect(picker().value).toBe("ask");
  });

  it("sets a level chosen before the chat existed on it, before its first prompt goes", async () => {
    const order: string[] = [];
    fake.api.setAllow.mockImplementation(async (id, level) => {
      order.push(`allow ${id} ${level}`);
      return { level, allowed: [] };
    });
    // The new chat's first read answers late, with what the chat had before the level was set.
    const late = deferred<AllowSetting>();
    fake.api.allowSetting.mockImplementation(() => late.promise);
    fake.api.prompt.mockImplementationOnce(async (id: string) => {
      order.push(`send ${id}`);
      return { accepted: true as const, sessionID: id };
    });
    render(<ChatApp />);
    const newChatPicker = await screen.findByLabelText("Permissions");
    await act(async () => fireEvent.change(newChatPicker, { target: { value: "edits" } }));
    expect(fake.api.setAllow).not.toHaveBeenCalled(); // there is no chat yet
    fireEvent.change(screen.getByLabelText("Message"), { target: { value: "change the README" } });
    await act(async () => fireEvent.click(screen.getByRole("button", { name: "Send" })));
    await waitFor(() => expect(order).toEqual(["allow ses_new edits", "send ses_new"]));
    await act(async () => late.resolve({ level: "ask", allowed: [] }));
    expect(picker().value).toBe("edits");
  });
});
