// A fetch for the opencode SDK that talks to one sidecar over node:http with an agent of its
// own, closed with that sidecar. Node's global fetch keeps a connection pool per origin for the
// life of the process (Node 20: 300 short-lived sidecars on new ports kept 301 pools, +8 MB of
// heap), and each sidecar listens on a fresh port: every restart leaked one. node:http also
// keeps proxy settings away from loopback calls that carry the sidecar password.
//
// Connections are kept, but only briefly: one idle for `idleReuseMs` (1 s) is closed by us, so it
// is never written to just as opencode's server closes it for idleness (Bun's idle timeout is in
// seconds, 10 by default: "request timed out after 10 seconds. Pass idleTimeout to configure",
// ericc-ch/copilot-api#153; opencode 1.18 kept an idle connection open past 130 s here), which made
// a call fail with ECONNRESET / "socket hang up" (Node's docs, `request.reusedSocket`). A GET or
// HEAD that still meets a reused connection closing under it is sent once more on a new one; a
// POST never is (it may have been received). A new loopback connection per call cost the backend
// ~0.4 ms of CPU (connect and close run both ends' TCP work in our system calls) every chat turn.
//
// Answers other than event streams are read whole before the Response is made: the SDK reads them
// whole anyway, and a Node stream bridged to a web stream cost more than the bytes.
//
// `json` skips the fetch API: a chat turn's prompt goes through it. The SDK's request path (merging
// its config, a WHATWG Request and Response with body streams, read back as text) cost the backend
// ~0.7–1.4 ms of CPU per call more than node:http, on code that runs too rarely to be optimized by
// V8; and node:http's own client cost ~0.3 ms more than writing the call on a kept connection
// (loopbackJson.ts). The answer is typed with the SDK's own types by the caller.
import { Agent, type IncomingMessage, type OutgoingHttpHeaders, request } from "node:http";
import { Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { closedMessage, type LoopbackJson, loopbackJson } from "./loopbackJson.ts";

export interface LoopbackFetch {
  fetch: typeof fetch;
  /** Sends `body` (JSON) and reads the answer whole; a POST is never sent twice. `signal` ends the call. */
  json: LoopbackJson["call"];
  /** Ends every connection of this agent and the calls on them; later calls fail, nothing is sent again. */
  close(): void;
}

/** How long an idle connection may be reused: well under any idle timeout a server would set. */
export const idleReuseMs = 1_000;

function responseHeaders(res: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(res.headers)) {
    for (const item of Array.isArray(value) ? value : value === undefined ? [] : [value]) headers.append(name, item);
  }
  return headers;
}

/** The answer as a Response: streamed for an event stream, otherwise once all of it arrived. */
function toResponse(res: IncomingMessage, method: string): Promise<Response> {
  const status = res.statusCode ?? 502;
  const init = { status, statusText: res.statusMessage ?? "", headers: responseHeaders(res) };
  if (status === 204 || status === 304 || method === "HEAD") {
    res.resume();
    return Promise.resolve(new Response(null, init));
  }
  if ((res.headers["content-type"] ?? "").startsWith("text/event-stream")) {
    const stream = Readable.toWeb(res) as NodeReadableStream<Uint8Array> as ReadableStream<Uint8Array>;
    return Promise.resolve(new Response(stream, init));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on("data", (chunk: Buffer) => chunks.push(chunk));
    res.on("end", () => {
      const bytes = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
      // A Buffer is a Uint8Array; the DOM typing asks for one backed by a plain ArrayBuffer.
      resolve(new Response(bytes as Uint8Array<ArrayBuffer>, init));
    });
    res.on("error", reject);
    res.on("aborted", () => reject(new Error("OpenCode closed the connection before its answer was complete.")));
  });
}

export function loopbackFetch(): LoopbackFetch {
  const agent = new Agent({ keepAlive: true, timeout: idleReuseMs, maxSockets: 16 });
  const raw = loopbackJson(idleReuseMs);
  let closed = false;
  const send = (
    target: { url: string; method: string; signal?: AbortSignal },
    headers: OutgoingHttpHeaders,
    body: Buffer | string | null,
    retryOnReused: boolean,
  ): Promise<IncomingMessage> =>
    new Promise<IncomingMessage>((resolve, reject) => {
      if (closed) return reject(new Error(closedMessage));
      const outgoing = request(
        target.url,
        { method: target.method, headers, agent, ...(target.signal ? { signal: target.signal } : {}) },
        resolve,
      );
      outgoing.on("error", (error: NodeJS.ErrnoException) => {
        // Not after close(): agent.destroy() fails a call on a kept socket with ECONNRESET, and the
        // destroyed agent would send it again on a new socket that nothing ends.
        if (retryOnReused && !closed && outgoing.reusedSocket && error.code === "ECONNRESET") {
          send(target, headers, body, false).then(resolve, reject);
        } else reject(error);
      });
      outgoing.end(body ?? undefined);
    });
  const assertOpen = () => {
    if (closed) throw new Error(closedMessage);
  };
  const call = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    assertOpen();
    const req = input instanceof Request ? input : new Request(input, init);
    const body = req.body ? Buffer.from(await req.arrayBuffer()) : null;
    const headers: Record<string, string> = {};
    req.headers.forEach((value, name) => {
      headers[name] = value;
    });
    if (body) headers["content-length"] = String(body.length);
    // As fetch(request, init) does: an init's signal (the caller's deadline) wins over the request's.
    const target = init?.signal ? { url: req.url, method: req.method, signal: init.signal } : req;
    const res = await send(target, headers, body, req.method === "GET" || req.method === "HEAD");
    return toResponse(res, req.method);
  };
  return {
    fetch: call as typeof fetch,
    json: raw.call,
    close() {
      closed = true;
      agent.destroy();
      raw.close();
    },
  };
}
