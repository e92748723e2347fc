// The events of GET /api/events, by SSE event name, each with its payload schema.
import type { z } from "zod";
import { ProjectAllowEvent } from "./allow.ts";
import { LogLine } from "./api.ts";
import { ChatEvent } from "./chat.ts";
import { GoalsResponse } from "./goals.ts";
import { ProjectsEvent } from "./projects.ts";
import { RuntimeInfo } from "./runtime.ts";
import { SchedulesResponse } from "./schedules.ts";
import { HealthResult, SidecarStatus } from "./status.ts";

export const eventSchemas = {
  /** At connect, then only when something a person can see changes (not on every health check). */
  status: SidecarStatus,
  /** Every health check's result, for the health chart. */
  health: HealthResult,
  log: LogLine,
  chat: ChatEvent,
  runtime: RuntimeInfo,
  /** The project list, on every change (added, removed, opened, a session busy or waiting). */
  projects: ProjectsEvent,
  /** The scheduled tasks, on every change (made, changed, removed, a run started or ended). */
  schedules: SchedulesResponse,
  /** The goals, on every change (started, a turn sent, a check run, paused, passed). */
  goals: GoalsResponse,
  /** A project's permission level, each time it is set (the chats of the project hear it as `allow`). */
  projectAllow: ProjectAllowEvent,
} as const;
export type TurnkeyEventName = keyof typeof eventSchemas;
export type TurnkeyEvent = {
  [K in TurnkeyEventName]: { event: K; data: z.infer<(typeof eventSchemas)[K]> };
}[TurnkeyEventName];
