// @vitest-environment happy-dom
// "Permissions" beside the agent and model, against a fake backend: the chat's level read when it
// opens and changed with the picker, another window's change and the backend's answers followed
// by event (the record of what went without asking), a refusal said with the level kept, and a
// level chosen before a chat exists set on it before its first prompt goes; a card the level left
// to the user says why, and loses the reason when the backend's list does; the project's level set
// for its chats (the open one and a new one follow it, another window's change too), and not
// offered for a folder no project is.
import { act, cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { TurnkeyApiError } from "@turnkey/client";
import type { AllowSetting } from "@turnkey/contracts";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ChatApp } from "../ChatApp.tsx";
import { allowAnswer, deferred, fake, project, session } from "../testHarness.tsx";

vi.mock("../../shared/api.ts", async () => (await import("../testHarness.tsx")).apiModule());
vi.mock("../../shared/useBackendEvents.ts", async () => (await import("../testHarness.tsx")).backendEventsModule());

beforeEach(() => {
  fake.reset();
  fake.api.allowSetting.mockImplementation(async () => allowAnswer("project", "ask"));
  fake.api.setAllow.mockImplementation(async (_id, choice) => allowAnswer(choice, "ask"));
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
    fake.api.allowSetting.mockImplementation(async () => allowAnswer("everything", "ask"));
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
    fake.api.allowSetting.mockImplementation(async () => allowAnswer("edits", "ask"));
    await openChat();
    await waitFor(() => expect(picker().value).toBe("chat:edits"));
    expect(picker().getAttribute("aria-describedby")).toBeTruthy();
    expect(document.getElementById(picker().getAttribute("aria-describedby")!)?.textContent).toContain("still asks");
    await act(async () => fireEvent.change(picker(), { target: { value: "chat:everything" } }));
    expect(fake.api.setAllow).toHaveBeenCalledWith("ses_1", "everything");
    expect(picker().value).toBe("chat:everything");

    const answered = allowAnswer("everything", "ask", [
      bash("per_1", "ses_1", "npm test"),
      bash("per_2", "ses_sub", "ls -la"),
    ]);
    act(() => fake.emit({ type: "allow", sessionID: "ses_1", setting: answered }));
    const record = screen.getByText("2 allowed").closest("details")!;
    record.open = true;
    const items = within(record)
      .getAllByRole("listitem")
      .map((li) => li.textContent);
    expect(items[0]).toMatch(/bash: npm test$/);
    expect(items[1]).toMatch(/bash: ls -la \(a subagent\)$/);
    // Another chat's setting is not this one's.
    act(() => fake.emit({ type: "allow", sessionID: "ses_2", setting: allowAnswer("ask", "ask") }));
    expect(picker().value).toBe("chat:everything");
    act(() => fake.emit({ type: "allow", sessionID: "ses_1", setting: allowAnswer("ask", "ask", answered.allowed) }));
    expect(picker().value).toBe("chat:ask");
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
    await act(async () => answer.resolve(allowAnswer("everything", "ask")));
    expect(picker().disabled).toBe(false);
    expect(picker().value).toBe("chat:everything");
  });

  it("says why a change was refused, and keeps the level the chat has", async () => {
    await openChat();
    fake.api.setAllow.mockRejectedValueOnce(
      new TurnkeyApiError(409, "kept_file_blocked", "The allow settings file cannot be read. Move it."),
    );
    await act(async () => fireEvent.change(picker(), { target: { value: "chat:edits" } }));
    expect(screen.getByRole("alert").textContent).toBe(
      "The setting was not changed: The allow settings file cannot be read. Move it.",
    );
    expect(picker().value).toBe("chat:project");
  });

  it("sets the project's level for its chats, and the open chat follows it from then on", async () => {
    fake.api.sessions.mockResolvedValue([{ ...session("ses_1", "Chat", 10), projectId: project.id }]);
    fake.api.allowSetting.mockImplementation(async () => allowAnswer("ask", "ask"));
    fake.api.setAllow.mockImplementation(async (_id, choice) => allowAnswer(choice, "edits"));
    render(<ChatApp />);
    fireEvent.click(await screen.findByRole("button", { name: /^Chat/ }));
    await waitFor(() => expect(picker().value).toBe("chat:ask"));
    const group = picker().querySelectorAll("optgroup")[1]!;
    expect(group.disabled).toBe(false);
    expect(group.querySelector("option[value='project:ask']")?.textContent).toBe("✓ Ask first");

    await act(async () => fireEvent.change(picker(), { target: { value: "project:edits" } }));
    expect(fake.api.setProjectAllow).toHaveBeenCalledWith(project.id, "edits");
    expect(fake.api.setAllow).toHaveBeenCalledWith("ses_1", "project");
    expect(picker().value).toBe("chat:project");
    expect(picker().selectedOptions[0]?.textContent).toBe("Project (edits)");
    // Another window raised the project's level: the backend tells this chat, which follows it.
    act(() => fake.emit({ type: "allow", sessionID: "ses_1", setting: allowAnswer("project", "everything") }));
    expect(picker().selectedOptions[0]?.textContent).toBe("Project (all but secrets)");

    fake.api.setProjectAllow.mockRejectedValueOnce(
      new TurnkeyApiError(404, "not_found", "That project is not in the list."),
    );
    await act(async () => fireEvent.change(picker(), { target: { value: "project:ask" } }));
    expect(screen.getByRole("alert").textContent).toBe(
      "The project's level was not changed: That project is not in the list.",
    );
    expect(fake.api.setAllow).toHaveBeenCalledTimes(1);
  });

  it("cannot set a project's level from a chat of a folder that is no listed project", async () => {
    await openChat(); // its session has no project
    await waitFor(() => expect(picker().value).toBe("chat:project"));
    expect(picker().querySelectorAll("optgroup")[1]?.disabled).toBe(true);
  });

  it("gives a new chat its project's level, read before it exists, and sets that level without a chat", async () => {
    fake.api.projectAllow.mockImplementation(async () => ({ level: "edits" }));
    render(<ChatApp />);
    const newChatPicker = (await screen.findByLabelText("Permissions")) as HTMLSelectElement;
    await waitFor(() => expect(newChatPicker.selectedOptions[0]?.textContent).toBe("Project (edits)"));
    expect(fake.api.projectAllow).toHaveBeenCalledWith(project.id);
    await act(async () => fireEvent.change(newChatPicker, { target: { value: "project:everything" } }));
    expect(fake.api.setProjectAllow).toHaveBeenCalledWith(project.id, "everything");
    expect(newChatPicker.selectedOptions[0]?.textContent).toBe("Project (all but secrets)");
    // The new chat follows its project: nothing to set on it.
    fireEvent.change(screen.getByLabelText("Message"), { target: { value: "change the README" } });
    await act(async () => fireEvent.click(screen.getByRole("button", { name: "Send" })));
    await waitFor(() => expect(fake.api.prompt).toHaveBeenCalled());
    expect(fake.api.setAllow).not.toHaveBeenCalled();
  });

  it("follows another window's change of the project's level before the chat exists, over a read it overtook", async () => {
    const read = deferred<{ level: "ask" | "edits" | "everything" }>();
    fake.api.projectAllow.mockImplementation(() => read.promise);
    render(<ChatApp />);
    const newChatPicker = (await screen.findByLabelText("Permissions")) as HTMLSelectElement;
    await waitFor(() => expect(fake.api.projectAllow).toHaveBeenCalledWith(project.id));
    act(() => fake.onProjectAllow?.({ projectId: project.id, level: "everything" }));
    expect(newChatPicker.selectedOptions[0]?.textContent).toBe("Project (all but secrets)");
    // The read that started before the change answers late, with the level before it: not shown.
    await act(async () => read.resolve({ level: "ask" }));
    expect(newChatPicker.selectedOptions[0]?.textContent).toBe("Project (all but secrets)");
    // Another project's level is not this one's.
    act(() => fake.onProjectAllow?.({ projectId: "prj_other", level: "edits" }));
    expect(newChatPicker.selectedOptions[0]?.textContent).toBe("Project (all but secrets)");
  });

  it("shows a read of the project's level that only another project's event overtook", async () => {
    const read = deferred<{ level: "ask" | "edits" | "everything" }>();
    fake.api.projectAllow.mockImplementation(() => read.promise);
    render(<ChatApp />);
    const newChatPicker = (await screen.findByLabelText("Permissions")) as HTMLSelectElement;
    await waitFor(() => expect(fake.api.projectAllow).toHaveBeenCalledWith(project.id));
    act(() => fake.onProjectAllow?.({ projectId: "prj_other", level: "everything" }));
    await act(async () => read.resolve({ level: "edits" }));
    expect(newChatPicker.selectedOptions[0]?.textContent).toBe("Project (edits)");
  });

  it("does not send a new chat's first message when the level chosen for it cannot be set (review 31, M2)", async () => {
    fake.api.projectAllow.mockImplementation(async () => ({ level: "everything" }));
    fake.api.setAllow.mockRejectedValueOnce(
      new TurnkeyApiError(409, "kept_file_blocked", "The allow settings file cannot be read. Move it."),
    );
    render(<ChatApp />);
    const newChatPicker = (await screen.findByLabelText("Permissions")) as HTMLSelectElement;
    await waitFor(() => expect(newChatPicker.selectedOptions[0]?.textContent).toBe("Project (all but secrets)"));
    await act(async () => fireEvent.change(newChatPicker, { target: { value: "chat:ask" } }));
    fireEvent.change(screen.getByLabelText("Message"), { target: { value: "look at .env" } });
    await act(async () => fireEvent.click(screen.getByRole("button", { name: "Send" })));
    await waitFor(() => expect(fake.api.setAllow).toHaveBeenCalledWith("ses_new", "ask"));
    await waitFor(() =>
      expect(document.body.textContent).toContain(
        "The new chat could not be set to Ask first: The allow settings file cannot be read. Move it.",
      ),
    );
    expect(fake.api.prompt).not.toHaveBeenCalled();
    expect((screen.getByLabelText("Message") as HTMLTextAreaElement).value).toBe("look at .env");
  });

  it("lets a new chat choose its own level at once, and when its project's cannot be read", async () => {
    fake.api.projectAllow.mockRejectedValue(new TurnkeyApiError(404, "not_found", "That project is not in the list."));
    render(<ChatApp />);
    const newChatPicker = (await screen.findByLabelText("Permissions")) as HTMLSelectElement;
    expect((await screen.findByRole("alert")).textContent).toContain("Could not read what this project's chats allow");
    expect(newChatPicker.disabled).toBe(false);
    expect(newChatPicker.selectedOptions[0]?.textContent).toBe("Same as the project");
    await act(async () => fireEvent.change(newChatPicker, { target: { value: "chat:edits" } }));
    expect(newChatPicker.value).toBe("chat:edits");
  });

  it("sets a level chosen before the chat existed on it, before its first prompt goes", async () => {
    const order: string[] = [];
    fake.api.setAllow.mockImplementation(async (id, choice) => {
      order.push(`allow ${id} ${choice}`);
      return allowAnswer(choice, "ask");
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
    await act(async () => fireEvent.change(newChatPicker, { target: { value: "chat:edits" } }));
    expect(fake.api.setAllow).not.toHaveBeenCalled(); // there is no chat yet
    fireEvent.change(screen.getByLabelText("Message"), { target: { value: "change the README" } });
    await act(async () => fireEvent.click(screen.getByRole("button", { name: "Send" })));
    await waitFor(() => expect(order).toEqual(["allow ses_new edits", "send ses_new"]));
    await act(async () => late.resolve(allowAnswer("project", "ask")));
    expect(picker().value).toBe("chat:edits");
  });
});
