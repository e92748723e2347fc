// @vitest-environment happy-dom
// The chat window's own controls, against a fake backend: notifications, shortcuts and themes,
// the first run's model question (bug 10), and stopping a reply from anywhere.

import { act, cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { TurnkeyApiError } from "@turnkey/client";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ChatApp } from "./ChatApp.tsx";
import { fake, session, setStatus, status, textMessage } from "./testHarness.tsx";

vi.mock("../shared/api.ts", async () => (await import("./testHarness.tsx")).apiModule());
vi.mock("../shared/useBackendEvents.ts", async () => (await import("./testHarness.tsx")).backendEventsModule());

beforeEach(() => fake.reset());
afterEach(cleanup);

const box = () => screen.getByLabelText("Message") as HTMLTextAreaElement;

describe("notifications, shortcuts and themes", () => {
  it("asks for notifications only when the user says so, then notifies when unfocused", async () => {
    const shown: { title: string; body: string }[] = [];
    class FakeNotification {
      static permission: NotificationPermission = "default";
      static requestPermission = vi.fn(async () => {
        FakeNotification.permission = "granted";
        return "granted" as const;
      });
      onclick: (() => void) | null = null;
      constructor(title: string, options: { body: string }) {
        shown.push({ title, body: options.body });
      }
      close() {}
    }
    vi.stubGlobal("Notification", FakeNotification);
    const focus = vi.spyOn(document, "hasFocus").mockReturnValue(true);
    try {
      fake.api.sessions.mockResolvedValue([session("ses_1", "Chat", 10)]);
      render(<ChatApp />);
      await screen.findByRole("button", { name: /^Chat/ });
      expect(FakeNotification.requestPermission).not.toHaveBeenCalled();
      fireEvent.click(screen.getByRole("button", { name: "Turn on notifications" }));
      await waitFor(() => expect(screen.queryByRole("button", { name: "Turn on notifications" })).toBeNull());
      const reply = () =>
        act(() => {
          fake.emit({ type: "session.status", sessionID: "ses_1", status: "busy", attempt: null, message: null });
          fake.emit({ type: "session.status", sessionID: "ses_1", status: "idle", attempt: null, message: null });
        });
      reply();
      expect(shown).toEqual([]); // the window has focus: no notification
      focus.mockReturnValue(false);
      reply();
      act(() =>
        fake.emit({
          type: "permission.asked",
          sessionID: "ses_1",
          permission: { id: "per_1", permission: "bash", patterns: [], toolCallID: null },
        }),
      );
      setStatus({ ...status("failed"), error: { code: "start_failed", message: "It crashed five times." } } as never);
      expect(shown.map((n) => n.title)).toEqual([
        "OpenCode finished replying",
        "OpenCode is waiting for you",
        "OpenCode stopped working",
      ]);
      expect(shown[0]?.body).toBe("In “Chat”.");
    } finally {
      vi.unstubAllGlobals();
      focus.mockRestore();
    }
  });

  it("? lists the shortcuts; Ctrl+K searches; Alt+↓ opens the next session; Ctrl+Shift+O a new chat", async () => {
    fake.api.sessions.mockResolvedValue([session("ses_1", "Newer", 20), session("ses_2", "Older", 10)]);
    render(<ChatApp />);
    await screen.findByRole("button", { name: /^Newer/ });
    fireEvent.keyDown(document.body, { key: "?" });
    const help = screen.getByRole("dialog", { name: "Keyboard shortcuts" });
    expect(within(help).getByText("Search sessions")).toBeTruthy();
    // Behind the open list the window's keys do nothing (the focus would leave the dialog unseen).
    fireEvent.keyDown(document.body, { key: "k", ctrlKey: true });
    expect(document.activeElement).not.toBe(screen.getByLabelText("Search sessions"));
    fireEvent.keyDown(within(help).getByRole("button", { name: "Close" }), { key: "Escape" });
    expect(screen.queryByRole("dialog")).toBeNull();
    fireEvent.keyDown(box(), { key: "?" }); // typing a question mark is just typing
    expect(screen.queryByRole("dialog")).toBeNull();

    fireEvent.keyDown(document.body, { key: "k", ctrlKey: true });
    expect(document.activeElement).toBe(screen.getByLabelText("Search sessions"));
    fireEvent.keyDown(document.body, { key: "ArrowDown", altKey: true });
    fireEvent.keyDown(document.body, { key: "ArrowDown", altKey: true });
    await waitFor(() => expect(fake.api.messages).toHaveBeenLastCalledWith("ses_2"));
    expect(screen.getByRole("button", { name: /^Older/ }).getAttribute("aria-current")).toBe("true");
    fireEvent.keyDown(document.body, { key: "O", ctrlKey: true, shiftKey: true });
    expect(screen.getByRole("button", { name: /^Older/ }).getAttribute("aria-current")).toBeNull();
    expect(document.activeElement).toBe(box());
  });

  it("follows the system theme until the user picks one, and remembers it", async () => {
    render(<ChatApp />);
    expect(document.documentElement.dataset.theme).toBeUndefined();
    fireEvent.change(screen.getByLabelText("Theme"), { target: { value: "dark" } });
    expect(document.documentElement.dataset.theme).toBe("dark");
    expect(localStorage.getItem("turnkey.theme")).toBe("dark");
    fireEvent.change(screen.getByLabelText("Theme"), { target: { value: "system" } });
    expect(document.documentElement.dataset.theme).toBeUndefined();
  });
});

describe("first run (bug 10)", () => {
  const freeCloud = {
    providers: [
      { id: "opencode", name: "OpenCode Zen", models: [{ id: "free-model", name: "Free Model" }] },
      { id: "anthropic", name: "Anthropic", models: [{ id: "claude", name: "Claude" }] },
    ],
    default: { providerID: "opencode", modelID: "free-model" },
    configured: false,
  };

  it("asks for a model and says where the code goes before anything is sent", async () => {
    fake.api.models.mockResolvedValue(freeCloud);
    render(<ChatApp />);
    const panel = await screen.findByRole("region", { name: "Choose the model for your chats" });
    expect(within(panel).getByText(/OpenCode Zen, the OpenCode team's cloud service on the internet/)).toBeTruthy();
    fireEvent.change(box(), { target: { value: "hello" } });
    expect(screen.getByRole("button", { name: "Send" })).toHaveProperty("disabled", true);
    fireEvent.keyDown(box(), { key: "Enter" });
    expect(fake.api.send).not.toHaveBeenCalled();
    expect(box().value).toBe("hello");

    fireEvent.change(within(panel).getByLabelText("Model"), { target: { value: "anthropic/claude" } });
    expect(within(panel).getByText(/Anthropic's servers on the internet/)).toBeTruthy();
    fireEvent.click(within(panel).getByRole("button", { name: "Use this model" }));
    expect(screen.queryByRole("region", { name: "Choose the model for your chats" })).toBeNull();
    fireEvent.keyDown(box(), { key: "Enter" });
    await waitFor(() => expect(fake.api.send).toHaveBeenCalledTimes(1));
    expect(fake.api.send.mock.calls[0]?.[2]).toEqual({ providerID: "anthropic", modelID: "claude" });
    expect(localStorage.getItem("turnkey.model")).toBe("anthropic/claude");
  });

  it("a refused key shows the provider's words, and a saved key leaves the chosen model alone", async () => {
    localStorage.setItem("turnkey.model", "anthropic/claude");
    fake.api.models.mockResolvedValue(freeCloud);
    fake.api.providers.mockResolvedValue({
      providers: [{ id: "openai", name: "OpenAI", connected: false, env: [] }],
      connected: [],
    });
    fake.api.providerConnections.mockResolvedValue({
      providers: [
        { id: "openai", name: "OpenAI", connected: false, via: null, envSet: [], signIn: [], acceptsKey: true },
      ],
    });
    fake.api.setProviderKey.mockRejectedValueOnce(
      new TurnkeyApiError(400, "key_rejected", "OpenAI refused the key: Incorrect API key provided."),
    );
    render(<ChatApp />);
    const view = await screen.findByRole("region", { name: "Model providers" });
    fireEvent.click(await within(view).findByRole("button", { name: "Use an API key" }));
    const key = within(view).getByLabelText("OpenAI API key");
    expect(document.activeElement).toBe(key); // asked for, so a key typed at once goes in it
    fireEvent.change(key, { target: { value: "sk-wrong" } });
    fireEvent.click(within(view).getByRole("button", { name: "Connect" }));
    await screen.findByText("OpenAI refused the key: Incorrect API key provided.");

    fake.api.setProviderKey.mockResolvedValueOnce({
      providers: [{ id: "openai", name: "OpenAI", connected: true, env: [] }],
      connected: ["openai"],
    });
    fake.api.providers.mockResolvedValue({
      providers: [{ id: "openai", name: "OpenAI", connected: true, env: [] }],
      connected: ["openai"],
    });
    fake.api.models.mockResolvedValue({ ...freeCloud, default: { providerID: "openai", modelID: "gpt" } });
    fireEvent.change(screen.getByLabelText("OpenAI API key"), { target: { value: "sk-right" } });
    fireEvent.click(screen.getByRole("button", { name: "Connect" }));
    await waitFor(() => expect(screen.queryByRole("region", { name: "Model providers" })).toBeNull());
    expect(fake.api.setProviderKey).toHaveBeenLastCalledWith("openai", "sk-right");
    fireEvent.change(box(), { target: { value: "hi" } });
    fireEvent.keyDown(box(), { key: "Enter" });
    await waitFor(() => expect(fake.api.send).toHaveBeenCalledTimes(1));
    expect(fake.api.send.mock.calls[0]?.[2]).toEqual({ providerID: "anthropic", modelID: "claude" });
  });
});

describe("the composer's pickers while OpenCode's agents and models are read", () => {
  it("stand in place, disabled, until they come; the plain model list stands in when the read fails", async () => {
    const catalog = await fake.api.workbench(null);
    let answer: (value: typeof catalog) => void = () => undefined;
    fake.api.workbench.mockImplementationOnce(() => new Promise((resolve) => (answer = resolve)));
    const first = render(<ChatApp />);
    const loading = await screen.findByRole("button", { name: "Loading…" });
    expect(loading).toHaveProperty("disabled", true);
    expect(screen.getByText("Agent")).toBeTruthy();
    expect(document.querySelector(".model-picker select")).toBeNull(); // not the plain list, which would change the row's shape
    act(() => answer(catalog));
    await screen.findByRole("button", { name: "Model Echo" });
    expect(screen.queryByRole("button", { name: "Loading…" })).toBeNull();
    first.unmount();

    fake.api.workbench.mockRejectedValue(new Error("OpenCode did not answer"));
    try {
      render(<ChatApp />);
      // The plain list: a model can still be chosen.
      expect(await screen.findByRole("combobox", { name: "Model" })).toHaveProperty("disabled", false);
      expect(screen.queryByRole("button", { name: "Loading…" })).toBeNull();
    } finally {
      fake.api.workbench.mockResolvedValue(catalog); // fake.reset keeps answers a test set
    }
  });
});

describe("each chat keeps its model", () => {
  it("a model picked in one chat becomes the new chats' model, and an older chat goes on with the one it used", async () => {
    localStorage.setItem("turnkey.model", "stub/echo");
    const catalog = await fake.api.workbench(null);
    const big = { id: "big", name: "Big", variants: [], contextLimit: null, images: false, cost: null };
    fake.api.workbench.mockResolvedValue({
      ...catalog,
      providers: [...catalog.providers, { id: "acme", name: "Acme", models: [big] }],
    });
    fake.api.models.mockResolvedValue({
      providers: [
        { id: "stub", name: "Stub", models: [{ id: "echo", name: "Echo" }] },
        { id: "acme", name: "Acme", models: [{ id: "big", name: "Big" }] },
      ],
      default: { providerID: "stub", modelID: "echo" },
      configured: true,
    });
    fake.api.sessions.mockResolvedValue([session("ses_old", "Old work", 10), session("ses_other", "Other", 9)]);
    fake.api.messages.mockImplementation(async (id: string) =>
      id === "ses_old"
        ? [{ ...textMessage("msg_1", "ses_old", "user", "hi"), model: { providerID: "stub", modelID: "echo" } }]
        : [],
    );
    render(<ChatApp />);
    fireEvent.click(await screen.findByRole("button", { name: /^Other/ }));
    fireEvent.click(await screen.findByRole("button", { name: "Model Echo" }));
    fireEvent.click(screen.getByRole("option", { name: /^Big/ }));
    await waitFor(() =>
      expect(fake.api.setPreferences).toHaveBeenCalledWith("ses_other", {
        model: { providerID: "acme", modelID: "big" },
      }),
    );
    expect(localStorage.getItem("turnkey.model")).toBe("acme/big");

    fireEvent.click(screen.getByRole("button", { name: /^Old work/ }));
    await screen.findByText("hi");
    await screen.findByRole("button", { name: "Model Echo" });
    fireEvent.change(box(), { target: { value: "go on" } });
    fireEvent.keyDown(box(), { key: "Enter" });
    await waitFor(() => expect(fake.api.send).toHaveBeenCalledTimes(1));
    expect(fake.api.send.mock.calls[0]?.[0]).toBe("ses_old");
    expect(fake.api.send.mock.calls[0]?.[2]).toEqual({ providerID: "stub", modelID: "echo" });
  });
});

describe("stop from anywhere", () => {
  it("Escape outside a text field stops the running reply; inside the search it only clears", async () => {
    fake.api.sessions.mockResolvedValue([session("ses_1", "Chat", 10)]);
    render(<ChatApp />);
    fireEvent.click(await screen.findByRole("button", { name: /^Chat/ }));
    fireEvent.keyDown(document.body, { key: "Escape" });
    expect(fake.api.abort).not.toHaveBeenCalled(); // nothing running
    act(() => fake.emit({ type: "session.status", sessionID: "ses_1", status: "busy", attempt: null, message: null }));
    fireEvent.keyDown(screen.getByLabelText("Search sessions"), { key: "Escape" });
    expect(fake.api.abort).not.toHaveBeenCalled();
    fireEvent.keyDown(document.body, { key: "Escape" });
    expect(fake.api.abort).toHaveBeenCalledWith("ses_1");
  });
});
