// The tray's view of the work, composed: the recent projects, what waits for the user
// (waitingAlerts.ts) and replies that ended while the chat window was not in front
// (replyAlerts.ts), all fed from the backend's `projects` events; scheduled runs that failed
// (scheduleAlerts.ts), from its `schedules` events; goals that settled by themselves
// (goalAlerts.ts), from its `goals` events; and "Open project…"
// (openProject.ts). Electron's dialogs and notifications come in as functions, so this runs
// under plain Node like the rest of the main process's logic.
import { homedir } from "node:os";
import type { TurnkeyClient } from "@turnkey/client";
import type { GoalsResponse, Project, SchedulesResponse } from "@turnkey/contracts";
import type { Notice } from "./failureNotice.ts";
import { GoalAlerts } from "./goalAlerts.ts";
import { openProject } from "./openProject.ts";
import { recentProjects } from "./recentProjects.ts";
import { ReplyAlerts } from "./replyAlerts.ts";
import { ScheduleAlerts } from "./scheduleAlerts.ts";
import type { TrayController } from "./trayController.ts";
import { WaitingAlerts } from "./waitingAlerts.ts";
import type { WindowManager } from "./windows.ts";

export interface TrayWorkDeps {
  tray: Pick<TrayController, "setProjects" | "setWaiting" | "setUnread">;
  windows: Pick<WindowManager, "open" | "isFocused">;
  client: () => TurnkeyClient | null;
  sidecarLive: () => boolean;
  notify: (notice: Notice, onClick?: () => void) => void;
  /** The native folder dialog: the folder picked, or null when cancelled. */
  pickFolder: () => Promise<string | null>;
  showProblem: (title: string, sentence: string) => void;
  platform: NodeJS.Platform;
  log: (line: string) => void;
}

export class TrayWork {
  private readonly waiting: WaitingAlerts;
  private readonly replies: ReplyAlerts;
  private readonly schedules: ScheduleAlerts;
  private readonly goals: GoalAlerts;
  private readonly home = homedir();

  constructor(private readonly deps: TrayWorkDeps) {
    const { tray, windows, notify } = deps;
    const chatFocused = () => windows.isFocused("chat");
    const openChat = (target: Parameters<WindowManager["open"]>[1]) => windows.open("chat", target);
    this.waiting = new WaitingAlerts({
      fetchWaiting: () => deps.client()?.waiting() ?? null,
      setCount: (count) => tray.setWaiting(count),
      chatFocused,
      notify,
      openChat,
      log: deps.log,
    });
    this.replies = new ReplyAlerts({
      chatFocused,
      sidecarLive: deps.sidecarLive,
      notify,
      openChat,
      setUnread: (count) => tray.setUnread(count),
    });
    this.schedules = new ScheduleAlerts({ chatFocused, notify, openChat });
    this.goals = new GoalAlerts({ chatFocused, notify, openChat });
  }

  /** A `schedules` event: a run that failed is told. */
  onSchedules(response: SchedulesResponse): void {
    this.schedules.onSchedules(response);
  }

  /** A `goals` event: a goal that passed, stopped or paused by itself is told. */
  onGoals(response: GoalsResponse): void {
    this.goals.onGoals(response);
  }

  /** A `projects` event (with every waiting session and request), or the list read at connect. */
  onProjects(projects: Project[], waitingSessions?: string[], waitingRequests?: string[]): void {
    this.deps.tray.setProjects(recentProjects(projects, this.home, this.deps.platform));
    this.waiting.onProjects(projects, waitingSessions, waitingRequests);
    this.replies.onProjects(projects);
  }

  /** A (new) backend: read the list and what waits now; events keep them current after. */
  connected(client: TurnkeyClient): void {
    void client.projects().then(
      (projects) => this.onProjects(projects),
      () => undefined,
    );
    void this.waiting.refresh();
  }

  /** The chat window came to the front: finished replies count as seen. */
  chatFocused(): void {
    this.replies.onChatFocused();
  }

  /** The tray's "N waiting for you": the chat window on the session that has waited longest. */
  openWaiting(): void {
    this.deps.windows.open("chat", this.waiting.waitingTarget());
  }

  openProject(): Promise<void> {
    return openProject({
      client: this.deps.client,
      pickFolder: this.deps.pickFolder,
      showProblem: this.deps.showProblem,
      openChat: (target) => this.deps.windows.open("chat", target),
    });
  }
}
