// The live link of a window: status, log and chat events from /api/events, and whether the
// stream is up (the windows show "reconnecting" while the backend restarts). `reconnects` counts
// the times the stream opened again after a break: what a window shows from events alone is read
// again then, since the events of the gap went to no one.
import { type ConnectionState, subscribeEvents } from "@turnkey/client";
import type {
  ChatEvent,
  GoalsResponse,
  HealthResult,
  LogLine,
  Project,
  ProjectAllowEvent,
  RuntimeInfo,
  SchedulesResponse,
  SidecarStatus,
} from "@turnkey/contracts";
import { useEffect, useRef, useState } from "react";
import { launchToken } from "./api.ts";

export interface BackendEventHandlers {
  onLog?: (line: LogLine) => void;
  onChat?: (event: ChatEvent) => void;
  onRuntime?: (runtime: RuntimeInfo) => void;
  /** Each health check (status events come only when something visible changes). */
  onHealth?: (sample: HealthResult) => void;
  onProjects?: (projects: Project[]) => void;
  /** The scheduled tasks, after every change (a run started or ended too). */
  onSchedules?: (schedules: SchedulesResponse) => void;
  /** The goals, after every change (a turn sent, a check run, paused, passed). */
  onGoals?: (goals: GoalsResponse) => void;
  /** A project's permission level, each time it is set. */
  onProjectAllow?: (event: ProjectAllowEvent) => void;
}

export function useBackendEvents(handlers: BackendEventHandlers = {}) {
  const [status, setStatus] = useState<SidecarStatus | null>(null);
  const [connection, setConnection] = useState<ConnectionState>("connecting");
  const [reconnects, setReconnects] = useState(0);
  const latest = useRef(handlers);
  latest.current = handlers;

  useEffect(() => {
    const subscription = subscribeEvents({
      baseUrl: window.location.origin,
      token: launchToken,
      onConnection: setConnection,
      onReopen: () => setReconnects((n) => n + 1),
      onEvent: (event) => {
        if (event.event === "status") setStatus(event.data);
        else if (event.event === "log") latest.current.onLog?.(event.data);
        else if (event.event === "chat") latest.current.onChat?.(event.data);
        else if (event.event === "health") latest.current.onHealth?.(event.data);
        else if (event.event === "projects") latest.current.onProjects?.(event.data.projects);
        else if (event.event === "schedules") latest.current.onSchedules?.(event.data);
        else if (event.event === "goals") latest.current.onGoals?.(event.data);
        else if (event.event === "projectAllow") latest.current.onProjectAllow?.(event.data);
        else latest.current.onRuntime?.(event.data);
      },
    });
    return () => subscription.close();
  }, []);

  return { status, connection, reconnects };
}

/**
 * The current time, refreshed every `intervalMs` while `active` (read again when it becomes so),
 * for countdowns, uptimes and how long something has run: nothing ticks while nothing runs.
 */
export function useNow(intervalMs = 1000, active = true): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs, active]);
  return now;
}
