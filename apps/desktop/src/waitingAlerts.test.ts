import type { PendingRequest, Project, WaitingResponse } from "@turnkey/contracts";
import { describe, expect, it, vi } from "vitest";
import { WaitingAlerts, waitingNotice } from "./waitingAlerts.ts";

const project = (id: string, name: string, waitingSessions: string[]): Project => ({
  id,
  path: `/work/${name}`,
  name,
  addedAt: 0,
  openedAt: 0,
  exists: true,
  branch: null,
  busySessions: [],
  waitingSessions,
});
const permission = (id: string, sessionID: string): PendingRequest => ({
  kind: "permission",
  id,
  sessionID,
  at: 0,
  permission: { id, permission: "bash", patterns: ["rm -rf build"], toolCallID: null },
});
const question = (id: string, sessionID: string): PendingRequest => ({
  kind: "question",
  id,
  sessionID,
  at: 0,
  question: {
    id,
    sessionID,
    toolCallID: null,
    questions: [{ question: "Which database?", header: "DB", options: [], multiple: false, custom: true }],
  },
});

function harness() {
  let answer: WaitingResponse = { sessions: [] };
  let focused = false;
  const deps = {
    fetchWaiting: vi.fn(async () => answer),
    setCount: vi.fn(),
    chatFocused: () => focused,
    notify: vi.fn(),
    openChat: vi.fn(),
    log: vi.fn(),
  };
  const alerts = new WaitingAlerts(deps);
  return {
    alerts,
    deps,
    answer: (next: WaitingResponse) => {
      answer = next;
    },
    focus: (value: boolean) => {
      focused = value;
    },
  };
}

describe("the tray's waiting alerts", () => {
  it("counts waiting sessions and notifies once per new request; the click opens that session", async () => {
    const h = harness();
    h.answer({ sessions: [{ sessionID: "s1", projectId: "p1", pending: [permission("r1", "s1")] }] });
    const projects = [project("p1", "app", ["s1"])];
    h.alerts.onProjects(projects);
    await h.alerts.refresh();
    expect(h.deps.setCount).toHaveBeenLastCalledWith(1);
    expect(h.deps.notify).toHaveBeenCalledTimes(1);
    expect(h.deps.notify.mock.calls[0]?.[0]).toEqual({
      title: "OpenCode is waiting for you",
      body: "Allow bash: rm -rf build in app? Click to answer.",
    });
    h.deps.notify.mock.calls[0]?.[1]();
    expect(h.deps.openChat).toHaveBeenCalledWith({ projectId: "p1", sessionId: "s1" });
    expect(h.alerts.waitingTarget()).toEqual({ projectId: "p1", sessionId: "s1" });

    // The same request again (a reconnect, a busy change): no second notification.
    await h.alerts.refresh();
    expect(h.deps.notify).toHaveBeenCalledTimes(1);
  });

  it("asks the backend only when who waits changed, not on every busy change", async () => {
    const h = harness();
    h.alerts.onProjects([project("p1", "app", ["s1"])]);
    h.alerts.onProjects([{ ...project("p1", "app", ["s1"]), busySessions: ["s1"] }]);
    await h.alerts.refresh();
    expect(h.deps.fetchWaiting).toHaveBeenCalledTimes(2); // the change, and the explicit refresh
    h.alerts.onProjects([project("p1", "app", [])]);
    await h.alerts.refresh();
    expect(h.deps.fetchWaiting).toHaveBeenCalledTimes(4);
    expect(h.deps.setCount).toHaveBeenLastCalledWith(0);
  });

  it("counts a session waiting in a folder that is not a listed project as soon as the event names it", async () => {
    const h = harness();
    const listed = [project("p1", "app", [])];
    h.alerts.onProjects(listed, []);
    await h.alerts.refresh();
    expect(h.deps.setCount).toHaveBeenLastCalledWith(0);
    // A session in an unlisted folder starts waiting: the project list itself is unchanged.
    h.answer({ sessions: [{ sessionID: "s9", projectId: null, pending: [question("q9", "s9")] }] });
    h.alerts.onProjects(listed, ["s9"]);
    await h.alerts.refresh();
    expect(h.deps.setCount.mock.calls.map(([count]) => count)).toEqual([0, 1, 1]);
    expect(h.deps.notify).toHaveBeenCalledTimes(1);
    h.answer({ sessions: [] });
    h.alerts.onProjects(listed, []);
    await h.alerts.refresh();
    expect(h.deps.setCount).toHaveBeenLastCalledWith(0);
  });

  it("tells of a second request in a session that already waits (the same sessions wait, a new request)", async () => {
    const h = harness();
    const listed = [project("p1", "app", ["s1"])];
    const settled = () => new Promise((resolve) => setImmediate(resolve));
    h.answer({ sessions: [{ sessionID: "s1", projectId: "p1", pending: [permission("r1", "s1")] }] });
    h.alerts.onProjects(listed, ["s1"], ["r1"]);
    await settled();
    expect(h.deps.notify).toHaveBeenCalledTimes(1);
    // A parallel tool call asks too: the event names the same session, and one more request.
    h.answer({
      sessions: [{ sessionID: "s1", projectId: "p1", pending: [permission("r1", "s1"), question("q2", "s1")] }],
    });
    h.alerts.onProjects(listed, ["s1"], ["r1", "q2"]);
    await settled();
    expect(h.deps.notify).toHaveBeenCalledTimes(2);
    expect(h.deps.notify.mock.calls[1]?.[0]).toEqual({
      title: "OpenCode is waiting for you",
      body: "Which database? (in app) Click to answer.",
    });
    expect(h.deps.setCount).toHaveBeenLastCalledWith(1);
    // The first one answered: the same session still waits, nothing new to tell.
    h.answer({ sessions: [{ sessionID: "s1", projectId: "p1", pending: [question("q2", "s1")] }] });
    h.alerts.onProjects(listed, ["s1"], ["q2"]);
    await settled();
    expect(h.deps.notify).toHaveBeenCalledTimes(2);
    expect(h.deps.fetchWaiting).toHaveBeenCalledTimes(3);
  });

  it("stays quiet while the chat window is in front (its card shows it), and does not tell it later", async () => {
    const h = harness();
    h.focus(true);
    h.answer({ sessions: [{ sessionID: "s1", projectId: "p1", pending: [question("q1", "s1")] }] });
    await h.alerts.refresh();
    expect(h.deps.setCount).toHaveBeenLastCalledWith(1);
    h.focus(false);
    await h.alerts.refresh();
    expect(h.deps.notify).not.toHaveBeenCalled();
  });

  it("logs a backend that cannot answer and keeps the last count", async () => {
    const h = harness();
    h.deps.fetchWaiting.mockRejectedValueOnce(new Error("connect ECONNREFUSED"));
    await h.alerts.refresh();
    expect(h.deps.log).toHaveBeenCalledWith(expect.stringContaining("ECONNREFUSED"));
    expect(h.deps.setCount).not.toHaveBeenCalled();
  });

  it("says what a question asks, or how many came at once", () => {
    const projects = [project("p1", "app", [])];
    expect(waitingNotice([{ request: question("q1", "s1"), projectId: "p1" }], projects).body).toBe(
      "Which database? (in app) Click to answer.",
    );
    expect(
      waitingNotice(
        [
          { request: question("q1", "s1"), projectId: "p1" },
          { request: permission("r2", "s2"), projectId: null },
        ],
        projects,
      ).body,
    ).toBe("2 requests need your answer. Click to open the chat.");
  });
});
