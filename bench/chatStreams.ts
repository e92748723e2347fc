// The two event streams benchmark 5 compares for the first token: the sidecar's own and our
// /api/events, each reporting when every text delta of one session arrived.
import type { OpencodeClient } from "@opencode-ai/sdk/v2";
import { subscribeEvents } from "@turnkey/client";

/** Times of every text delta of one session on the sidecar's own event stream. */
export function directDeltas(sdk: OpencodeClient, sessionID: string) {
  const controller = new AbortController();
  const times: number[] = [];
  let idle: () => void = () => undefined;
  const done = new Promise<void>((resolve) => {
    idle = resolve;
  });
  const opened = (async () => {
    const { stream } = await sdk.event.subscribe({}, { signal: controller.signal });
    let first = true;
    let resolveOpen: () => void = () => undefined;
    const open = new Promise<void>((r) => {
      resolveOpen = r;
    });
    void (async () => {
      try {
        for await (const event of stream) {
          if (first) {
            first = false;
            resolveOpen();
          }
          if (event.type === "message.part.delta" && event.properties.sessionID === sessionID)
            times.push(performance.now());
          if (event.type === "session.idle" && event.properties.sessionID === sessionID) idle();
        }
      } catch {
        // aborted
      }
    })();
    await open;
  })();
  return { times, done, opened, close: () => controller.abort() };
}

/** Times of every text delta of one session on /api/events. */
export function relayedDeltas(backend: { url: string; token: string }, sessionID: string) {
  const times: number[] = [];
  let idle: () => void = () => undefined;
  const done = new Promise<void>((resolve) => {
    idle = resolve;
  });
  let resolveOpen: () => void = () => undefined;
  const opened = new Promise<void>((r) => {
    resolveOpen = r;
  });
  const subscription = subscribeEvents({
    baseUrl: backend.url,
    token: backend.token,
    sessions: [sessionID],
    onEvent: (event) => {
      if (event.event === "status") resolveOpen();
      if (event.event !== "chat") return;
      if (event.data.type === "text.delta") times.push(performance.now());
      if (event.data.type === "session.status" && event.data.status === "idle") idle();
    },
  });
  return { times, done, opened, close: () => subscription.close() };
}
