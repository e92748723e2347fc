// The HTTP server's handler, loaded with the first request rather than at start-up:
// @hono/node-server reads fetch's Headers, Request and Response when it loads, and touching any of
// them loads Node's undici (measured: a Node process with the backend's built-in modules 45.8 MB,
// 52.6 MB once `Request` is touched), into a backend nothing has asked anything yet. The bundle
// keeps the adapter inside (esbuild evaluates a module reached only by `import()` when it is first
// imported), so the packaged worker resolves nothing from disk.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { getRequestListener } from "@hono/node-server";

type Listener = (incoming: IncomingMessage, outgoing: ServerResponse) => unknown;
type FetchCallback = Parameters<typeof getRequestListener>[0];
type AdapterOptions = Parameters<typeof getRequestListener>[1];

/** `load` gives the app's fetch once what it needs is loaded; it runs once, at the first request. */
export function lazyRequestListener(load: () => Promise<FetchCallback>, options?: AdapterOptions): Listener {
  let loaded: Listener | null = null;
  let loading: Promise<Listener> | null = null;
  return (incoming, outgoing) => {
    // Once loaded, requests go straight through: no promise hop on a chat turn's path.
    if (loaded) return loaded(incoming, outgoing);
    loading ??= Promise.all([import("@hono/node-server"), load()]).then(([adapter, fetchCallback]) => {
      loaded = adapter.getRequestListener(fetchCallback, options) as Listener;
      return loaded;
    });
    return loading.then(
      (listener) => listener(incoming, outgoing),
      (error: unknown) => {
        // Only a broken build gets here; the request still gets an answer.
        outgoing.statusCode = 500;
        outgoing.end(`The backend could not load its HTTP handler: ${(error as Error).message}`);
      },
    );
  };
}
