import type { Project } from "@turnkey/contracts";
import { describe, expect, it, vi } from "vitest";
import { ReplyAlerts } from "./replyAlerts.ts";

const project = (busySessions: string[]): Project => ({
  id: "p1",
  path: "/work/app",
  name: "app",
  addedAt: 0,
  openedAt: 0,
  exists: true,
  branch: null,
  busySessions,
  waitingSessions: [],
});

function harness() {
  const state = { focused: false, live: true };
  const deps = {
    chatFocused: () => state.focused,
    sidecarLive: () => state.live,
    notify: vi.fn(),
    openChat: vi.fn(),
    setUnread: vi.fn(),
  };
  return { alerts: new ReplyAlerts(deps), deps, state };
}

describe("the tray's finished-reply alerts", () => {
  it("tells a reply that ended while the chat window was not in front, and counts it until the window is", () => {
    const { alerts, deps } = harness();
    alerts.onProjects([project(["s1", "s2"])]);
    alerts.onProjects([project(["s2"])]);
    expect(deps.notify).toHaveBeenCalledTimes(1);
    expect(deps.notify.mock.calls[0]?.[0]).toEqual({
      title: "OpenCode finished replying",
      body: "In app. Click to read the reply.",
    });
    deps.notify.mock.calls[0]?.[1]();
    expect(deps.openChat).toHaveBeenCalledWith({ projectId: "p1", sessionId: "s1" });
    alerts.onProjects([project([])]);
    expect(deps.setUnread).toHaveBeenLastCalledWith(2);
    alerts.onChatFocused();
    expect(deps.setUnread).toHaveBeenLastCalledWith(0);
  });

  it("says nothing while the chat window is in front, or when a stop or crash cut the reply", () => {
    const { alerts, deps, state } = harness();
    state.focused = true;
    alerts.onProjects([project(["s1"])]);
    alerts.onProjects([project([])]);
    state.focused = false;
    state.live = false;
    alerts.onProjects([project(["s2"])]);
    alerts.onProjects([project([])]);
    expect(deps.notify).not.toHaveBeenCalled();
    expect(deps.setUnread).not.toHaveBeenCalled();
  });
});
