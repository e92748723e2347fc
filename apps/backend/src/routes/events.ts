// GET /api/events: one SSE stream of status changes, health checks, log lines, chat events and
// the managed runtime's progress. `?session=ID` (repeatable) narrows chat events to those sessions: a window
// showing one conversation never receives another's text.
import type { ChatEvent, RuntimeInfo } from "@turnkey/contracts";
import type { SidecarSupervisor } from "@turnkey/sidecar";
import type { Hono } from "hono";
import { streamSSE } from "hono/streaming";
import type { ChatRelay } from "../chat/relay.ts";

/** One serialization per event, however many subscribers receive it. */
const serialized = new WeakMap<object, string>();
function frame(event: string, data: object): string {
  let json = serialized.get(data);
  if (json === undefined) {
    json = JSON.stringify(data); // never contains a raw newline: one `data:` line is enough
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
  },
  keepAliveMs: number,
): void {
  const { supervisor, relay, runtime } = sources;
  app.get("/api/events", (c) => {
    const sessions = new Set(c.req.queries("session") ?? []);
    const wanted = (event: ChatEvent) => sessions.size === 0 || sessions.has(event.sessionID);
    return streamSSE(c, async (stream) => {
      // A reply can stream tens of thousands of deltas a second: frames queue up and go out in
      // one write per turn of the event loop, not one write (and promise) each.
      let pending: string[] = [];
      let flushing = false;
      const flush = () => {
        flushing = false;
        const chunk = pending.join("");
        pending = [];
        void stream.write(chunk).catch(() => undefined);
      };
      const send = (event: string, data: object) => {
        pending.push(frame(event, data));
        if (!flushing) {
          flushing = true;
          setImmediate(flush);
        }
      };
      const unsubscribe = [
        supervisor.onStatus((status) => send("status", status)),
        supervisor.onHealth((sample) => send("health", sample)),
        supervisor.logs.subscribe((line) => send("log", line)),
        relay.onEvent((event) => wanted(event) && send("chat", event)),
        runtime.onChange((state) => send("runtime", state)),
      ];
      // Comments keep proxies and idle timeouts from closing a quiet stream.
      const keepAlive = setInterval(() => void stream.write(": keep-alive\n\n").catch(() => undefined), keepAliveMs);
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
