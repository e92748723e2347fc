// GET /api/events: one SSE stream of status changes, health checks, log lines, chat events and
// the managed runtime's progress. `?session=ID` (repeatable) narrows chat events to those sessions, `?project=ID`
// to that project's sessions: a window showing one conversation never receives another's text,
// and one project's window never another project's. The project list comes as `projects`.
import type { ChatEvent, RuntimeInfo } from "@turnkey/contracts";
import type { SidecarSupervisor } from "@turnkey/sidecar";
import type { Hono } from "hono";
import { streamSSE } from "hono/streaming";
import type { ChatRelay } from "../chat/relay.ts";
import type { ProjectStore } from "../projects/projectStore.ts";

/**
 * A subscriber that stops reading is dropped once this much is queued for it and unsent (its
 * client reconnects and gets a fresh status): without a cap, one paused reader during a long
 * reply made the backend buffer the whole reply, per reader.
 */
export const maxUnsentBytesPerSubscriber = 1024 * 1024;

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
  },
  keepAliveMs: number,
): void {
  const { supervisor, relay, runtime, redact, projects } = sources;
  app.get("/api/events", (c) => {
    const sessions = new Set(c.req.queries("session") ?? []);
    const projectIds = c.req.queries("project") ?? [];
    // An unknown project id matches nothing (never everything).
    const folders = new Set(projectIds.map((id) => projects.byId(id)?.path ?? `\0unknown:${id}`));
    const wanted = (event: ChatEvent, directory: string | null) =>
      (sessions.size === 0 || sessions.has(event.sessionID)) &&
      (folders.size === 0 || (directory !== null && folders.has(directory)));
    return streamSSE(c, async (stream) => {
      // A reply can stream tens of thousands of deltas a second: frames queue up and go out in
      // one write per turn of the event loop, not one write (and promise) each.
      let pending: string[] = [];
      let flushing = false;
      // Written but not yet taken by the socket (a write settles once the connection took it).
      let unsentBytes = 0;
      let dropped = false;
      const outgoing = (c.env as { outgoing?: { destroy(): void; writableLength?: number } } | undefined)?.outgoing;
      const drop = () => {
        dropped = true;
        pending = [];
        stream.abort();
        // Closing the socket is what frees what is queued for it, and tells the client to reconnect.
        outgoing?.destroy();
      };
      const flush = () => {
        flushing = false;
        if (dropped) return;
        const chunk = pending.join("");
        pending = [];
        unsentBytes += chunk.length;
        // A write settles once the stream's queue hands the chunk on, not once the socket sent it:
        // what Node's response still holds counts too, or a paused reader could hold several MB
        // (one was sent a whole 8 MB reply, and never dropped, in a CI run).
        if (unsentBytes + (outgoing?.writableLength ?? 0) > maxUnsentBytesPerSubscriber) return drop();
        void stream.write(chunk).then(
          () => (unsentBytes -= chunk.length),
          () => undefined,
        );
      };
      const send = (event: string, data: object) => {
        if (dropped) return;
        pending.push(frame(event, data, redact));
        if (!flushing) {
          flushing = true;
          setImmediate(flush);
        }
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
      ];
      // Comments keep proxies and idle timeouts from closing a quiet stream.
      const keepAlive = setInterval(
        () => !dropped && void stream.write(": keep-alive\n\n").catch(() => undefined),
        keepAliveMs,
      );
      try {
        send("status", supervisor.status());
        await new Promise<void>((resolve) => stream.onAbort(resolve));
      } finally {
        clearInterval(keepAlive);
        for (const off of unsubscribe) off();
      }
    });
  });
}
