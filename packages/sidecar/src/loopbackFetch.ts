// A fetch for the opencode SDK that talks to one sidecar over node:http with an agent of its
// own, closed with that sidecar. Node's global fetch keeps a connection pool per origin for the
// life of the process (Node 20: 300 short-lived sidecars on new ports kept 301 pools, +8 MB of
// heap), and each sidecar listens on a fresh port: every restart leaked one. node:http also
// keeps proxy settings away from loopback calls that carry the sidecar password.
//
// No keep-alive: opencode's server (Bun) closes idle connections after its idle timeout, and a
// request written to a pooled socket at that moment fails with ECONNRESET / "socket hang up"
// (Node's docs, `request.reusedSocket`). Retrying would be safe only for idempotent calls, and
// prompts are POSTs; a fresh loopback connection costs well under a millisecond.
import { Agent, request } from "node:http";
import { Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";

export interface LoopbackFetch {
  fetch: typeof fetch;
  /** Ends every connection of this agent; later calls fail. */
  close(): void;
}

export function loopbackFetch(): LoopbackFetch {
  const agent = new Agent({ keepAlive: false, maxSockets: 16 });
  let closed = false;
  const call = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    if (closed) throw new Error("This OpenCode connection was closed (OpenCode restarted or stopped).");
    const req = input instanceof Request ? input : new Request(input, init);
    const body = req.body ? Buffer.from(await req.arrayBuffer()) : null;
    return new Promise<Response>((resolve, reject) => {
      const headers: Record<string, string> = {};
      req.headers.forEach((value, name) => {
        headers[name] = value;
      });
      if (body) headers["content-length"] = String(body.length);
      const outgoing = request(req.url, { method: req.method, headers, agent, signal: req.signal }, (res) => {
        const responseHeaders = new Headers();
        for (const [name, value] of Object.entries(res.headers)) {
          for (const item of Array.isArray(value) ? value : value === undefined ? [] : [value]) {
            responseHeaders.append(name, item);
          }
        }
        const status = res.statusCode ?? 502;
        const empty = status === 204 || status === 304 || req.method === "HEAD";
        if (empty) res.resume();
        const stream = empty
          ? null
          : (Readable.toWeb(res) as NodeReadableStream<Uint8Array> as ReadableStream<Uint8Array>);
        resolve(new Response(stream, { status, statusText: res.statusMessage ?? "", headers: responseHeaders }));
      });
      outgoing.on("error", reject);
      outgoing.end(body ?? undefined);
    });
  };
  return {
    fetch: call as typeof fetch,
    close() {
      closed = true;
      agent.destroy();
    },
  };
}
