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

/**
 * At most this much is handed to a subscriber's socket and not yet taken by it; the rest waits as
 * frames, which every subscriber shares (frame()), rather than as a copy per socket. Sizes the
 * writes too: one big write per burst was a copy of the whole burst per subscriber.
 */
const maxInFlightBytes = 256 * 1024;

/**
 * A subscriber left with frames queued behind a full socket is looked at again this long after:
 * the end of a burst brings no further event that would show it stalled.
 */
const stallCheckMs = 1_000;

/** One serialization (and one redaction) per event, however many subscribers receive it. */ /** One serialization (and one redaction) per event, however many subscribers receive it. */
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
      // writes of up to ~64 KiB, not one write (and promise) each.
      //
      // Who stopped reading is told by the socket, not by the size of a burst. opencode may send a
      // fast reply's events all at once when the reply ends (12.8 MB of 40,000 deltas within a
      // second, measured), and they reach here in a single turn of the event loop: the old rule,
      // "this turn's chunk plus what is unsent passes 1 MiB", dropped every window, reading or not,
      // and a window then missed the rest of the reply. Now a subscriber is dropped only when it
      // is past the cap, its socket holds a full in-flight window, and none of it was taken since
      // the last flush (a reading socket takes a flush's writes before the next turn).
      const queue: string[] = [];
      let queuedBytes = 0;
      // Written but not yet taken by the socket (a write settles once the connection took it).
      let inFlight = 0;
      let tookSinceFlush = false;
      let flushing = false;
      let dropped = false;
      const outgoing = (c.env as { outgoing?: { destroy(): void; writableLength?: number } } | undefined)?.outgoing;
      const drop = () => {
        dropped = true;
        queue.length = 0;
        stream.abort();
        // Closing the socket is what frees what is queued for it, and tells the client to reconnect.
        outgoing?.destroy();
      };
      const schedule = () => {
        if (flushing || dropped) return;
        flushing = true;
        setImmediate(flush);
      };
      // A write settles once the stream's queue hands the chunk on, not once the socket sent it:
      // what Node's response still holds counts too.
      const held = () => inFlight + (outgoing?.writableLength ?? 0);
      const stalled = () =>
        !tookSinceFlush && held() >= maxInFlightBytes && queuedBytes + held() > maxUnsentBytesPerSubscriber;
      let stallCheck: NodeJS.Timeout | null = null;
      const checkLater = () => {
        stallCheck ??= setTimeout(() => {
          stallCheck = null;
          if (dropped) return;
          if (stalled()) drop();
          else if (queue.length > 0 && held() >= maxInFlightBytes) checkLater();
        }, stallCheckMs);
      };
      const flush = () => {
        flushing = false;
        if (dropped) return;
        if (stalled()) return drop();
        tookSinceFlush = false;
        while (queue.length > 0 && held() < maxInFlightBytes) {
          let length = 0;
          let count = 0;
          while (count < queue.length && length < 64 * 1024) length += (queue[count++] as string).length;
          const chunk = queue.splice(0, count).join("");
          queuedBytes -= chunk.length;
          inFlight += chunk.length;
          void stream.write(chunk).then(
            () => {
              inFlight -= chunk.length;
              tookSinceFlush = true;
              if (queue.length > 0) schedule();
            },
            () => undefined,
          );
        }
        if (queue.length > 0) checkLater();
      };
      const send = (event: string, data: object) => {
        if (dropped) return;
        const framed = frame(event, data, redact);
        queue.push(framed);
        queuedBytes += framed.length;
        // Checked here too: the rest of a burst comes within one turn, before any flush would.
        if (stalled()) drop();
        else schedule();
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
        if (stallCheck) clearTimeout(stallCheck);
        for (const off of unsubscribe) off();
      }
    });
  });
}
