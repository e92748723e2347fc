// GET /api/events: one SSE stream of status changes, health checks, log lines, chat events and
// the managed runtime's progress, the scheduled tasks and goals on each change (`schedules`,
// `goals`), and a project's permission level when it is set (`projectAllow`). `?session=ID`
// (repeatable) narrows chat events to those sessions, `?project=ID`
// to that project's sessions: a window showing one conversation never receives another's text,
// and one project's window never another project's. The project list comes as `projects`.
import type { ChatEvent, GoalsResponse, RuntimeInfo, SchedulesResponse } from "@turnkey/contracts";
import type { SidecarSupervisor } from "@turnkey/sidecar";
import type { Hono } from "hono";
import { streamSSE } from "hono/streaming";
import type { AllowOnItsOwn } from "../chat/allowOnItsOwn.ts";
import type { ChatRelay } from "../chat/relay.ts";
import type { ProjectStore } from "../projects/projectStore.ts";
import { SubscriberQueue } from "./subscriberQueue.ts";

/** One serialization (and one redaction) per event, however many subscribers receive it. */
const serialized = new WeakMap<object, string>();
function frame(event: string, data: object, redact: (text: string) => string): string {
  let json = serialized.get(data);
  if (json === undefined) {
    json = redact(JSON.stringify(data)); // never contains a raw newline: one `data:` line is enough
    serialized.set(data, json);
  }
  return `event: ${event}\ndata: ${json}\n\n`;
}

export function eventRoutes(
  app: Hono,
  sources: {
    supervisor: SidecarSupervisor;
    relay: ChatRelay;
    runtime: { onChange(listener: (info: RuntimeInfo) => void): () => void };
    redact: (text: string) => string;
    projects: ProjectStore;
    schedules?: { onChange(listener: (response: SchedulesResponse) => void): () => void };
    goals?: { onChange(listener: (response: GoalsResponse) => void): () => void };
    allow?: Pick<AllowOnItsOwn, "onProjectLevel">;
  },
  keepAliveMs: number,
): void {
  const { supervisor, relay, runtime, redact, projects, schedules, goals, allow } = sources;
  app.get("/api/events", (c) => {
    const sessions = new Set(c.req.queries("session") ?? []);
    const projectIds = c.req.queries("project") ?? [];
    // An unknown project id matches nothing (never everything).
    const folders = new Set(projectIds.map((id) => projects.byId(id)?.path ?? `\0unknown:${id}`));
    const wanted = (event: ChatEvent, directory: string | null) =>
      (sessions.size === 0 || sessions.has(event.sessionID)) &&
      (folders.size === 0 || (directory !== null && folders.has(directory)));
    return streamSSE(c, async (stream) => {
      // Frames wait in the subscriber's queue, which drops it when it stops reading (subscriberQueue.ts).
      type Outgoing = {
        destroy(): void;
        writableLength?: number;
        on?(event: "drain", listener: () => void): unknown;
        off?(event: "drain", listener: () => void): unknown;
      };
      const outgoing = (c.env as { outgoing?: Outgoing } | undefined)?.outgoing;
      const queue = new SubscriberQueue({
        write: (chunk) => stream.write(chunk),
        writableLength: () => outgoing?.writableLength ?? 0,
        onDrain: (listener) => {
          outgoing?.on?.("drain", listener);
          return () => outgoing?.off?.("drain", listener);
        },
        close: () => {
          stream.abort();
          // Closing the socket is what frees what is queued for it, and tells the client to reconnect.
          outgoing?.destroy();
        },
      });
      const send = (event: string, data: object) => {
        if (!queue.dropped) queue.push(frame(event, data, redact));
      };
      const unsubscribe = [
        supervisor.onStatus((status) => send("status", status)),
        supervisor.onHealth((sample) => send("health", sample)),
        supervisor.logs.subscribe((line) => send("log", line)),
        relay.onEvent((event, directory) => wanted(event, directory) && send("chat", event)),
        projects.onChange((list) =>
          send("projects", {
            projects: list,
            waitingSessions: relay.waitingSessions(),
            waitingRequests: relay.waiting.requestIds(),
          }),
        ),
        runtime.onChange((state) => send("runtime", state)),
        schedules?.onChange((response) => send("schedules", response)) ?? (() => undefined),
        goals?.onChange((response) => send("goals", response)) ?? (() => undefined),
        allow?.onProjectLevel((folder, level) => {
          const projectId = projects.idOf(folder);
          // A window narrowed to some chats hears of it in their `allow` events; another project's, never.
          if (projectId !== null && sessions.size === 0 && (folders.size === 0 || folders.has(folder)))
            send("projectAllow", { projectId, level });
        }) ?? (() => undefined),
      ];
      // Comments keep proxies and idle timeouts from closing a quiet stream.
      const keepAlive = setInterval(
        () => !queue.dropped && void stream.write(": keep-alive\n\n").catch(() => undefined),
        keepAliveMs,
      );
      try {
        send("status", supervisor.status());
        await new Promise<void>((resolve) => stream.onAbort(resolve));
      } finally {
        clearInterval(keepAlive);
        queue.dispose();
        for (const off of unsubscribe) off();
      }
    });
  });
}
