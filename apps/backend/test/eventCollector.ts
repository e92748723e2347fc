// Collects /api/events for a test and resolves waits on predicates over what arrived (never on
// the clock), with a bound so a regression fails with a message instead of hanging.
import { subscribeEvents } from "@turnkey/client";
import type { ChatEvent, TurnkeyEvent } from "@turnkey/contracts";

export interface EventCollector {
  events: TurnkeyEvent[];
  chat(): ChatEvent[];
  until(predicate: (events: TurnkeyEvent[]) => boolean, what: string, timeoutMs?: number): Promise<void>;
  close(): void;
}

export async function collectEvents(
  backend: { url: string; token: string },
  sessions?: string[],
  projects?: string[],
): Promise<EventCollector> {
  const events: TurnkeyEvent[] = [];
  const waiters = new Set<() => void>();
  const subscription = subscribeEvents({
    baseUrl: backend.url,
    token: backend.token,
    ...(sessions ? { sessions } : {}),
    ...(projects ? { projects } : {}),
    onEvent: (event) => {
      events.push(event);
      for (const waiter of [...waiters]) waiter();
    },
  });
  const until: EventCollector["until"] = (predicate, what, timeoutMs = 30_000) =>
    new Promise((resolve, reject) => {
      const check = () => {
        if (!predicate(events)) return;
        waiters.delete(check);
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`timed out waiting for ${what}; got ${events.length} events`));
      }, timeoutMs);
      waiters.add(check);
      check();
    });
  await until((e) => e.some((x) => x.event === "status"), "the stream to open");
  return {
    events,
    chat: () => events.flatMap((e) => (e.event === "chat" ? [e.data] : [])),
    until,
    close: () => subscription.close(),
  };
}

export const isIdle = (sessionID: string) => (events: TurnkeyEvent[]) =>
  events.some(
    (e) =>
      e.event === "chat" &&
      e.data.type === "session.status" &&
      e.data.sessionID === sessionID &&
      e.data.status === "idle",
  );

export function streamedText(chat: ChatEvent[], sessionID: string): string {
  return chat
    .filter(
      (e): e is Extract<ChatEvent, { type: "text.delta" }> => e.type === "text.delta" && e.sessionID === sessionID,
    )
    .map((e) => e.delta)
    .join("");
}
