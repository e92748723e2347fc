// GET /api/events: one SSE stream of status changes, log lines, chat events and the managed
// runtime's progress. `?session=ID`
// (repeatable) narrows chat events to those sessions: a window showing one conversation never
// receives another's text.
import type { ChatEvent } from "@turnkey/contracts";
import type { ManagedRuntime, SidecarSupervisor } from "@turnkey/sidecar";
import type { Hono } from "hono";
import { streamSSE } from "hono/streaming";
import type { ChatRelay } from "../chat/relay.ts";

export function eventRoutes(
  app: Hono,
  sources: { supervisor: SidecarSupervisor; relay: ChatRelay; runtime: ManagedRuntime },
  keepAliveMs: number,
): void {
  const { supervisor, relay, runtime } = sources;
  app.get("/api/events", (c) => {
    const sessions = new Set(c.req.queries("session") ?? []);
    const wanted = (event: ChatEvent) => sessions.size === 0 || sessions.has(event.sessionID);
    return streamSSE(c, async (stream) => {
      const send = (event: string, data: unknown) =>
        void stream.writeSSE({ event, data: JSON.stringify(data) }).catch(() => undefined);
      const unsubscribe = [
        supervisor.onStatus((status) => send("status", status)),
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
