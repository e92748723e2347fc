// @vitest-environment happy-dom
// The chat window as a whole, against a fake backend: the bugs a user hit with sessions, typed
// text, OpenCode going away and replies that do not finish, one test each.

import { act, cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { TurnkeyApiError } from "@turnkey/client";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ChatApp } from "./ChatApp.tsx";
import { deferred, fake, fakeScroller, reconnect, session, setStatus, status, textMessage } from "./testHarness.tsx";

vi.mock("../shared/api.ts", async () => (await import("./testHarness.tsx")).apiModule());
vi.mock("../shared/useBackendEvents.ts", async () => (await import("./testHarness.tsx")).backendEventsModule());

beforeEach(() => fake.reset());
afterEach(cleanup);

const box = () => screen.getByLabelText("Message") as HTMLTextAreaElement;

describe("sessions", () => {
  it("clicking the session already open keeps its conversation (bug 5)", async () => {
    fake.api.sessions.mockResolvedValue([session("ses_1", "Plan the trip", 10)]);
    fake.api.messages.mockResolvedValue([textMessage("msg_1", "ses_1", "user", "where to go?")]);
    render(<ChatApp />);
    const open = await screen.findByRole("button", { name: /^Plan the trip/ });
    fireEvent.click(open);
    await screen.findByText("where to go?");
    fireEvent.click(open);
    fireEvent.click(screen.getByRole("button", { name: /^Plan the trip/ }));
    expect(screen.getByText("where to go?")).toBeTruthy();
    expect(fake.api.messages).toHaveBeenCalledTimes(1);
  });

  it("lists sessions by last activity with a time, and the search narrows them (bug 11)", async () => {
    fake.api.sessions.mockResolvedValue([
      session("ses_old", "Old but created first", Date.UTC(2026, 10, 20, 9, 0)),
      session("ses_new", "Recently active", Date.UTC(2026, 10, 21, 11, 30)),
    ]);
    render(<ChatApp />);
    const nav = await screen.findByRole("navigation", { name: "Sessions" });
    await within(nav).findByText("Recently active");
    const titles = within(nav)
      .getAllByRole("button")
      .filter((b) => b.classList.contains("session-title"))
      .map((b) => b.querySelector(".session-name")?.textContent);
    expect(titles).toEqual(["Recently active", "Old but created first"]);
    expect(nav.querySelectorAll("time")).toHaveLength(2);
    fireEvent.change(screen.getByLabelText("Search sessions"), { target: { value: "old" } });
    expect(within(nav).queryByText("Recently active")).toBeNull();
    expect(within(nav).getByText("Old but created first")).toBeTruthy();
  });

  it("the message box is as few Tab stops away with 30 sessions as with 1 (bug 11)", async () => {
    const stopsBeforePrompt = async (count: number) => {
      fake.api.sessions.mockResolvedValue(
        Array.from({ length: count }, (_, i) => session(`ses_${i}`, `Session ${i}`, 100 + i)),
      );
      const { unmount } = render(<ChatApp />);
      await screen.findByText(`Session ${count - 1}`);
      const focusable = [...document.querySelectorAll<HTMLElement>("a[href], button, input, select, textarea")].filter(
        (el) => el.tabIndex >= 0 && !(el as HTMLButtonElement).disabled,
      );
      const index = focusable.indexOf(box());
      unmount();
      return index;
    };
    const one = await stopsBeforePrompt(1);
    const many = await stopsBeforePrompt(30);
    expect(many).toBe(one);
    expect(document.querySelector(".skip-link")).toBeNull(); // unmounted
  });

  it("has a skip link to the message box, and the message list is not a live region (bug 11)", async () => {
    render(<ChatApp />);
    const skip = screen.getByRole("link", { name: "Skip to the message box" });
    expect(skip.getAttribute("href")).toBe(`#${box().id}`);
    expect(document.querySelector(".messages")?.getAttribute("aria-live")).toBeNull();
    expect(document.querySelectorAll("[aria-live]").length).toBe(0);
    expect(screen.getAllByRole("status")).toHaveLength(1);
  });
});

describe("typing and sending", () => {
  it("text typed while a message is sending is kept, neither lost nor appended to the sent one (bug 3)", async () => {
    const sent = deferred<{ accepted: true; sessionID: string }>();
    fake.api.sessions.mockResolvedValue([session("ses_1", "Chat", 10)]);
    fake.api.send.mockReturnValueOnce(sent.promise);
    render(<ChatApp />);
    fireEvent.click(await screen.findByRole("button", { name: /^Chat/ }));
    fireEvent.change(box(), { target: { value: "first question" } });
    fireEvent.keyDown(box(), { key: "Enter" });
    expect(box().value).toBe(""); // out of the box at once
    fireEvent.change(box(), { target: { value: "second thought" } });
    fireEvent.keyDown(box(), { key: "Enter" }); // no double send while the first is on its way
    await act(async () => sent.resolve({ accepted: true, sessionID: "ses_1" }));
    expect(fake.api.send).toHaveBeenCalledTimes(1);
    expect(fake.api.send.mock.calls[0]?.[1]).toBe("first question");
    expect(box().value).toBe("second thought");
  });

  it("a failed send puts the text back in front of what was typed since, once (bug 3)", async () => {
    const sent = deferred<{ accepted: true; sessionID: string }>();
    fake.api.sessions.mockResolvedValue([session("ses_1", "Chat", 10)]);
    fake.api.send.mockReturnValueOnce(sent.promise);
    render(<ChatApp />);
    fireEvent.click(await screen.findByRole("button", { name: /^Chat/ }));
    fireEvent.change(box(), { target: { value: "first question" } });
    fireEvent.keyDown(box(), { key: "Enter" });
    fireEvent.change(box(), { target: { value: "more" } });
    await act(async () => sent.reject(new TurnkeyApiError(502, "sidecar_error", "The model provider failed.")));
    expect(box().value).toBe("first question\n\nmore");
    expect(screen.getByText(/The model provider failed\. Your message is back in the box\./)).toBeTruthy();
  });

  it("a send OpenCode never confirmed is not called failed: check the chat first, the text kept", async () => {
    fake.api.sessions.mockResolvedValue([session("ses_1", "Chat", 10)]);
    const late = "OpenCode did not answer within 2 min. It may still have received this and act on it later.";
    fake.api.send.mockRejectedValueOnce(new TurnkeyApiError(504, "sidecar_timeout", late));
    render(<ChatApp />);
    fireEvent.click(await screen.findByRole("button", { name: /^Chat/ }));
    fireEvent.change(box(), { target: { value: "deploy it" } });
    fireEvent.keyDown(box(), { key: "Enter" });
    expect(
      await screen.findByText(/may still have received this.*in the box in case it never shows up\./),
    ).toBeTruthy();
    expect(screen.queryByText(/back in the box/)).toBeNull();
    expect(box().value).toBe("deploy it");
  });

  it("a message sent while OpenCode starts is held with Cancel and sent once it runs (bug 8)", async () => {
    fake.status = status("starting");
    fake.api.sessions.mockResolvedValue([]);
    render(<ChatApp />);
    fireEvent.change(box(), { target: { value: "hello early" } });
    fireEvent.keyDown(box(), { key: "Enter" });
    const held = screen.getByRole("region", { name: "Message waiting for OpenCode" });
    expect(within(held).getByText("hello early")).toBeTruthy();
    expect(within(held).getByText(/Will send when OpenCode is ready/)).toBeTruthy();
    expect(fake.api.send).not.toHaveBeenCalled();
    setStatus(status("running"));
    await waitFor(() => expect(fake.api.send).toHaveBeenCalledTimes(1));
    expect(fake.api.send.mock.calls[0]?.slice(0, 2)).toEqual(["ses_new", "hello early"]);
    expect(screen.queryByRole("region", { name: "Message waiting for OpenCode" })).toBeNull();
  });

  it("Cancel on a held message puts it back in the box and sends nothing (bug 8)", async () => {
    fake.status = status("starting");
    render(<ChatApp />);
    fireEvent.change(box(), { target: { value: "never mind" } });
    fireEvent.keyDown(box(), { key: "Enter" });
    fireEvent.click(screen.getByRole("button", { name: "Cancel" }));
    expect(box().value).toBe("never mind");
    setStatus(status("running"));
    await screen.findByRole("button", { name: "Send" });
    expect(fake.api.send).not.toHaveBeenCalled();
  });

  it("a send refused because OpenCode went away is held, not lost (bug 8)", async () => {
    fake.api.sessions.mockResolvedValue([session("ses_1", "Chat", 10)]);
    fake.api.send.mockRejectedValueOnce(new TurnkeyApiError(503, "sidecar_unavailable", "OpenCode is starting."));
    render(<ChatApp />);
    fireEvent.click(await screen.findByRole("button", { name: /^Chat/ }));
    fireEvent.change(box(), { target: { value: "keep me" } });
    fireEvent.keyDown(box(), { key: "Enter" });
    setStatus(status("starting"));
    await screen.findByRole("region", { name: "Message waiting for OpenCode" });
    setStatus(status("running", 5151));
    await waitFor(() => expect(fake.api.send).toHaveBeenCalledTimes(2));
    expect(fake.api.send.mock.calls[1]?.slice(0, 2)).toEqual(["ses_1", "keep me"]);
  });
});

describe("while OpenCode is not running", () => {
  it("keeps the last known sessions and messages readable, read-only, with a banner (bug 9)", async () => {
    fake.api.sessions.mockResolvedValue([session("ses_1", "Plan the trip", 10)]);
    fake.api.messages.mockResolvedValue([
      textMessage("msg_1", "ses_1", "user", "where to go?"),
      textMessage("msg_2", "ses_1", "assistant", "Lisbon."),
    ]);
    const first = render(<ChatApp />);
    fireEvent.click(await screen.findByRole("button", { name: /^Plan the trip/ }));
    await screen.findByText("Lisbon.");
    first.unmount();

    // The window reloads while OpenCode is stopped: nothing can be fetched.
    fake.status = status("stopped");
    fake.api.sessions.mockRejectedValue(new Error("not running"));
    fake.api.messages.mockRejectedValue(new Error("not running"));
    render(<ChatApp />);
    expect(screen.getByRole("alert").textContent).toMatch(/last known sessions and messages, read-only/);
    fireEvent.click(screen.getByRole("button", { name: /^Plan the trip/ }));
    expect(await screen.findByText("Lisbon.")).toBeTruthy();
    expect(screen.getByRole("button", { name: "New chat" })).toHaveProperty("disabled", true);
    expect(screen.queryByRole("button", { name: /Rename/ })).toBeNull();
    expect(screen.getByRole("option", { name: "Echo" })).toBeTruthy(); // models from the cache
    expect(screen.getByRole("button", { name: "Send" })).toHaveProperty("disabled", true);
    expect(JSON.stringify(sessionStorage)).not.toMatch(/token|password|key"/i);
  });
});

describe("replies that do not finish", () => {
  it("a reply cut by a restart says interrupted and Resume sends the turn again (bug 7)", async () => {
    fake.api.sessions.mockResolvedValue([session("ses_1", "Chat", 10)]);
    fake.api.messages.mockResolvedValue([textMessage("msg_1", "ses_1", "user", "write a poem")]);
    render(<ChatApp />);
    fireEvent.click(await screen.findByRole("button", { name: /^Chat/ }));
    await screen.findByText("write a poem");
    act(() => {
      fake.emit({ type: "session.status", sessionID: "ses_1", status: "busy", attempt: null, message: null });
      fake.emit({
        type: "session.error",
        sessionID: "ses_1",
        error: { name: "SidecarStopped", message: "OpenCode stopped unexpectedly while replying." },
      });
      fake.emit({ type: "session.status", sessionID: "ses_1", status: "idle", attempt: null, message: null });
    });
    setStatus(status("backoff"));
    // OpenCode is back; opencode now calls the cut reply "aborted", as if the user had stopped it.
    fake.api.messages.mockResolvedValue([
      textMessage("msg_1", "ses_1", "user", "write a poem"),
      {
        ...textMessage("msg_2", "ses_1", "assistant", "Roses are"),
        error: { name: "MessageAbortedError", message: "Aborted" },
      },
    ]);
    setStatus(status("running", 777));
    await screen.findByText("Roses are");
    expect(screen.queryByText("Stopped.")).toBeNull();
    expect(screen.getByText(/Interrupted\./)).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Resume" }));
    await waitFor(() => expect(fake.api.send).toHaveBeenCalledTimes(1));
    expect(fake.api.send.mock.calls[0]?.[1]).toMatch(/cut off by a restart\. Continue/);
  });

  it("a failed reply says why once, in the reply, with what to do; an error no reply shows stays above the box", async () => {
    fake.api.sessions.mockResolvedValue([session("ses_1", "Chat", 10)]);
    fake.api.messages.mockResolvedValue([textMessage("msg_1", "ses_1", "user", "hello")]);
    render(<ChatApp />);
    fireEvent.click(await screen.findByRole("button", { name: /^Chat/ }));
    await screen.findByText("hello");
    const error = { name: "APIError", message: "Cannot connect to API: Was there a typo in the url or port?" };
    act(() => {
      fake.emit({
        type: "message.updated",
        sessionID: "ses_1",
        message: {
          id: "msg_2",
          sessionID: "ses_1",
          role: "assistant",
          createdAt: 2,
          completedAt: 3,
          model: { providerID: "opencode", modelID: "big-pickle" },
          error,
        },
      });
      fake.emit({ type: "session.error", sessionID: "ses_1", error });
    });
    await screen.findByText(/The provider of opencode\/big-pickle could not be reached/);
    // Once on screen (the screen reader's live line says it too, unseen).
    const seen = screen.getAllByText(/Cannot connect to API/).filter((el) => !el.classList.contains("sr-only"));
    expect(seen).toHaveLength(1);
    expect(screen.queryByRole("button", { name: "Dismiss" })).toBeNull();

    // Retry: the next turn starts and its prompt arrives; the old failure is said once still, in its reply.
    act(() => {
      fake.emit({ type: "session.status", sessionID: "ses_1", status: "busy", attempt: null, message: null });
      fake.emitPrompt("ses_1", "msg_3", "hello", 4);
    });
    const again = screen.getAllByText(/Cannot connect to API/).filter((el) => !el.classList.contains("sr-only"));
    expect(again).toHaveLength(1);

    act(() =>
      fake.emit({ type: "session.error", sessionID: "ses_1", error: { name: "X", message: "Not a reply's." } }),
    );
    expect(screen.getByRole("alert").textContent).toContain("Not a reply's.");
    expect(screen.getByRole("button", { name: "Dismiss" })).toBeTruthy();
  });

  it("a reply that ended while the window's event stream was down ends when it reconnects", async () => {
    const prompt = textMessage("msg_1", "ses_1", "user", "count to three");
    fake.api.sessions.mockResolvedValue([session("ses_1", "Chat", 10)]);
    fake.api.messages.mockResolvedValue([prompt]);
    render(<ChatApp />);
    fireEvent.click(await screen.findByRole("button", { name: /^Chat/ }));
    await screen.findByText("count to three");
    const busy = { type: "session.status", sessionID: "ses_1", status: "busy", attempt: null, message: null } as const;
    act(() => fake.emit(busy));
    await screen.findByText("OpenCode is replying.");
    // The stream breaks, the reply ends with no event reaching the window, the stream opens again.
    fake.api.messages.mockResolvedValue([prompt, textMessage("msg_2", "ses_1", "assistant", "One, two, three.")]);
    fake.api.replying.mockResolvedValue([]);
    reconnect();
    await screen.findByText("One, two, three.");
    await waitFor(() => expect(screen.queryByText("OpenCode is replying.")).toBeNull());

    // A newer status event than the read's answer wins: the next reply started while it was read.
    const answer = deferred<string[]>();
    fake.api.replying.mockReturnValue(answer.promise);
    reconnect();
    await waitFor(() => expect(fake.api.replying).toHaveBeenCalledTimes(2));
    act(() => fake.emit(busy));
    answer.resolve([]);
    await waitFor(() => expect(fake.api.messages).toHaveBeenCalledTimes(3));
    await act(async () => answer.promise);
    expect(screen.getByText("OpenCode is replying.")).toBeTruthy();
  });
});

describe("sending while scrolled back", () => {
  it("takes the reader to their message and what it brings; a prompt sent elsewhere does not move them", async () => {
    fake.api.sessions.mockResolvedValue([session("ses_1", "Long chat", 10)]);
    fake.api.messages.mockResolvedValue(
      Array.from({ length: 40 }, (_, i) => textMessage(`msg_${i}`, "ses_1", i % 2 ? "assistant" : "user", `line ${i}`)),
    );
    render(<ChatApp />);
    fireEvent.click(await screen.findByRole("button", { name: /^Long chat/ }));
    await screen.findByText("line 39");
    const scroller = document.querySelector<HTMLElement>(".messages")!;
    const metrics = fakeScroller(scroller, { scrollHeight: 5000, clientHeight: 600 });
    const prompt = (id: string, text: string) =>
      act(() => {
        metrics.scrollHeight += 100;
        fake.emitPrompt("ses_1", id, text);
      });

    // Reading further up: a prompt a goal or another window sends leaves the view where it is.
    scroller.scrollTop = 4400; // at the bottom, where the chat opened…
    fireEvent.scroll(scroller);
    scroller.scrollTop = 1000; // …then up to read
    fireEvent.scroll(scroller);
    await screen.findByRole("button", { name: /Jump to latest/ });
    prompt("msg_40", "sent elsewhere");
    expect(scroller.scrollTop).toBe(1000);

    // The reader's own prompt: the view follows it to the bottom.
    fireEvent.change(box(), { target: { value: "go on" } });
    fireEvent.keyDown(box(), { key: "Enter" });
    await waitFor(() => expect(fake.api.send).toHaveBeenCalledTimes(1));
    prompt("msg_41", "go on");
    expect(scroller.scrollTop).toBe(metrics.scrollHeight - 600);
    expect(screen.queryByRole("button", { name: /Jump to latest/ })).toBeNull();
  });
});
