// The tray's side of "the agent is waiting for you": how many sessions wait (the tray's badge and
// tooltip), and one system notification per new permission or question while the chat window is
// not in front (the web page's own notifications are not granted inside the app: windows.ts; in
// front, the page tells it: the open chat's card, or a line naming another chat that waits),
// whose click opens the chat window on that session. Fed from the backend's `projects` events
// (which come when a request comes or goes, and name every waiting session, in a listed project's
// folder or not, and every pending request: a second question in a session that already waits
// changes no session, only the requests) and GET /api/waiting; no chat stream.
import type { PendingRequest, Project, WaitingResponse } from "@turnkey/contracts";
import type { Notice } from "./failureNotice.ts";
import type { ChatTarget } from "./windows.ts";

export interface WaitingAlertsDeps {
  /** GET /api/waiting, or null while there is no backend. */
  fetchWaiting: () => Promise<WaitingResponse> | null;
  setCount: (sessions: number) => void;
  chatFocused: () => boolean;
  notify: (notice: Notice, onClick: () => void) => void;
  openChat: (target: ChatTarget) => void;
  log: (line: string) => void;
}

/** Requests already told about are remembered so a reconnect does not tell them again. */
const rememberedRequests = 500;

export class WaitingAlerts {
  private signature = "";
  private readonly told = new Set<string>();
  private projects: Project[] = [];
  private refreshing: Promise<void> = Promise.resolve();
  private oldest: ChatTarget | null = null;

  constructor(private readonly deps: WaitingAlertsDeps) {}

  /**
   * A `projects` event (`waitingSessions`: every session waiting, in any folder; `waitingRequests`:
   * every pending request; absent when the list was read without them): asks the backend again
   * only when what waits changed.
   */
  onProjects(projects: Project[], waitingSessions?: string[], waitingRequests?: string[]): void {
    this.projects = projects;
    const waits = waitingRequests ?? waitingSessions ?? projects.flatMap((p) => p.waitingSessions);
    const signature = [...waits].sort().join(",");
    if (signature === this.signature) return;
    this.signature = signature;
    void this.refresh();
  }

  /** Reads the waiting list now (at connect, and when it changed); one read at a time. */
  refresh(): Promise<void> {
    this.refreshing = this.refreshing.then(() => this.read());
    return this.refreshing;
  }

  private async read(): Promise<void> {
    let waiting: WaitingResponse;
    try {
      const pending = this.deps.fetchWaiting();
      if (!pending) return;
      waiting = await pending;
    } catch (error) {
      this.deps.log(`The tray could not read what waits for the user: ${(error as Error).message}`);
      return;
    }
    this.deps.setCount(waiting.sessions.length);
    const [longest] = waiting.sessions;
    this.oldest = longest ? { projectId: longest.projectId, sessionId: longest.sessionID } : null;
    const fresh = waiting.sessions.flatMap((s) =>
      s.pending.filter((r) => !this.told.has(r.id)).map((request) => ({ request, projectId: s.projectId })),
    );
    for (const { request } of fresh) this.remember(request.id);
    const first = fresh[0];
    if (!first || this.deps.chatFocused()) return;
    const target = { projectId: first.projectId, sessionId: first.request.sessionID };
    this.deps.notify(waitingNotice(fresh, this.projects), () => this.deps.openChat(target));
  }

  /** The session that has waited longest (the tray's "N waiting for you" opens it). */
  waitingTarget(): ChatTarget | null {
    return this.oldest;
  }

  private remember(id: string): void {
    this.told.add(id);
    if (this.told.size <= rememberedRequests) return;
    const [oldest] = this.told;
    if (oldest !== undefined) this.told.delete(oldest);
  }
}

/** What the notification says: the request itself, or how many when several came at once. */
export function waitingNotice(
  fresh: { request: PendingRequest; projectId: string | null }[],
  projects: Project[],
): Notice {
  const title = "OpenCode is waiting for you";
  if (fresh.length > 1) return { title, body: `${fresh.length} requests need your answer. Click to open the chat.` };
  const { request, projectId } = fresh[0]!;
  const project = projects.find((p) => p.id === projectId)?.name;
  const where = project ? ` in ${project}` : "";
  if (request.kind === "permission") {
    const what = request.permission.patterns.length ? `: ${request.permission.patterns.join(", ")}` : "";
    return { title, body: `Allow ${request.permission.permission}${what}${where}? Click to answer.` };
  }
  const question = request.question.questions[0]?.question ?? "A question";
  return { title, body: `${question}${where ? ` (${where.trim()})` : ""} Click to answer.` };
}
