// Subscribes to GET /api/events with fetch + eventsource-parser rather than EventSource: it works
// the same in Node and the browser, can send the Bearer token, and reconnects on our terms
// (with backoff, reporting "reconnecting" so the UI can show it).
import { eventSchemas, type TurnkeyEvent, type TurnkeyEventName } from "@turnkey/contracts";
import { createParser } from "eventsource-parser";

export type ConnectionState = "connecting" | "open" | "reconnecting" | "closed";

export interface SubscribeOptions {
  baseUrl: string;
  token?: string;
  fetch?: typeof fetch;
  onEvent: (event: TurnkeyEvent) => void;
  /**
   * An exception thrown by `onEvent`, with the event it was handling; the stream goes on. Without
   * it the exception is rethrown on a task of its own, so it shows up as an uncaught error (the
   * console, the process's handler) instead of vanishing or reading as a broken connection.
   */
  onError?: (error: unknown, event: TurnkeyEvent) => void;
  onConnection?: (state: ConnectionState, detail?: string) => void;
  /**
   * The stream opened again after a break (not the first time): the events of the gap went to no
   * one, so whatever the caller shows from events alone is to be read again.
   */
  onReopen?: () => void;
  /** Only chat events of these sessions (status and log events always come). */
  sessions?: string[];
  /** Only chat events of these projects' sessions. */
  projects?: string[];
  /** First retry delay; doubles up to maxRetryMs. */
  retryMs?: number;
  maxRetryMs?: number;
}

export interface Subscription {
  close(): void;
}

export function subscribeEvents(options: SubscribeOptions): Subscription {
  const doFetch = options.fetch ?? fetch;
  const controller = new AbortController();
  let closed = false;
  let opened = false;

  const dispatch = (name: string, data: string) => {
    if (!(name in eventSchemas)) return; // newer server, older client: skip what we do not know
    const schema = eventSchemas[name as TurnkeyEventName];
    let json: unknown;
    try {
      json = JSON.parse(data);
    } catch {
      return; // A malformed event is dropped; the next status event carries the full picture again.
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) return;
    const event = { event: name, data: parsed.data } as TurnkeyEvent;
    try {
      options.onEvent(event);
    } catch (error) {
      if (options.onError) options.onError(error, event);
      else
        setTimeout(() => {
          throw error;
        }, 0);
    }
  };

  const connectOnce = async (): Promise<void> => {
    const url = new URL("/api/events", options.baseUrl);
    for (const session of options.sessions ?? []) url.searchParams.append("session", session);
    for (const project of options.projects ?? []) url.searchParams.append("project", project);
    const res = await doFetch(url, {
      headers: { accept: "text/event-stream", ...(options.token ? { authorization: `Bearer ${options.token}` } : {}) },
      signal: controller.signal,
    });
    if (!res.ok || !res.body) throw new Error(`the backend answered HTTP ${res.status}`);
    options.onConnection?.("open");
    if (opened) options.onReopen?.();
    opened = true;
    const parser = createParser({ onEvent: (event) => dispatch(event.event ?? "message", event.data) });
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      parser.feed(value);
    }
  };

  void (async () => {
    let delay = options.retryMs ?? 250;
    options.onConnection?.("connecting");
    while (!closed) {
      let detail = "the stream ended";
      try {
        await connectOnce();
        delay = options.retryMs ?? 250;
      } catch (error) {
        detail = (error as Error).message;
      }
      if (closed) break;
      options.onConnection?.("reconnecting", detail);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delay);
        controller.signal.addEventListener(
          "abort",
          () => {
            clearTimeout(timer);
            resolve();
          },
          { once: true },
        );
      });
      delay = Math.min(delay * 2, options.maxRetryMs ?? 5_000);
    }
    options.onConnection?.("closed");
  })();

  return {
    close() {
      closed = true;
      controller.abort();
    },
  };
}
