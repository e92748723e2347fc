// The tray's side of a reply that ends while the user looks elsewhere. Pages in the app get no
// web notifications (windows.ts grants them none), so the tray gives one when a session stops
// replying while the chat window is not in front, whose click opens that session, and counts
// such replies as unread (the tray's badge and tooltip) until the chat window comes to the front.
// From `projects` events (a session leaving a project's busy list), and only while OpenCode runs:
// a reply cut by a stop or a crash has not "finished" (the failure has its own notice).
import type { Project } from "@turnkey/contracts";
import type { Notice } from "./failureNotice.ts";
import type { ChatTarget } from "./windows.ts";

export interface ReplyAlertsDeps {
  chatFocused: () => boolean;
  sidecarLive: () => boolean;
  notify: (notice: Notice, onClick: () => void) => void;
  openChat: (target: ChatTarget) => void;
  setUnread: (count: number) => void;
}

export class ReplyAlerts {
  /** Replying sessions at the last event, with their project. */
  private busy = new Map<string, string>();
  private readonly unread = new Set<string>();

  constructor(private readonly deps: ReplyAlertsDeps) {}

  onProjects(projects: Project[]): void {
    const busy = new Map(projects.flatMap((p) => p.busySessions.map((id): [string, string] => [id, p.id])));
    const ended = [...this.busy].filter(([sessionId]) => !busy.has(sessionId));
    this.busy = busy;
    if (ended.length === 0 || !this.deps.sidecarLive() || this.deps.chatFocused()) return;
    for (const [sessionId, projectId] of ended) {
      this.unread.add(sessionId);
      const name = projects.find((p) => p.id === projectId)?.name;
      this.deps.notify(
        { title: "OpenCode finished replying", body: `${name ? `In ${name}. ` : ""}Click to read the reply.` },
        () => this.deps.openChat({ projectId, sessionId }),
      );
    }
    this.deps.setUnread(this.unread.size);
  }

  /** The chat window is in front: every reply counts as seen. */
  onChatFocused(): void {
    if (this.unread.size === 0) return;
    this.unread.clear();
    this.deps.setUnread(0);
  }
}
