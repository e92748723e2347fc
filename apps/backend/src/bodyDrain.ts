// An answer given before the request's body was read (413 for a body over the limit, 401, 415…)
// must reach the client. Closing a socket with unread bytes in it makes the kernel send a reset,
// and a reset "might erase the client's unacknowledged input buffers before they can be read and
// interpreted by the client's HTTP parser" (RFC 9112 §9.6, Tear-down). @hono/node-server's own
// clean-up reads such a body for 500 ms and then closes the socket: a client still sending then (a
// 5 MiB body on a loaded machine) got EPIPE or ECONNRESET instead of its 413. So the backend turns
// that off and reads the rest of the body itself, dropping it, for as long as it keeps coming, up
// to `maxBytes`; the server's request timeout (httpLimits.ts) bounds the time. Past the cap the
// socket is closed: a client sending that much more cannot always be answered.
import type { IncomingMessage, Server, ServerResponse } from "node:http";

/** Past this much unread body the connection is closed rather than read on (@hono/node-server's cap). */
export const maxDrainBytes = 64 * 1024 * 1024;

export function drainUnreadBodies(server: Server, maxBytes = maxDrainBytes): void {
  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    if (req.method === "GET" || req.method === "HEAD") return;
    res.once("finish", () => {
      if (req.readableEnded || req.destroyed) return;
      let read = 0;
      const onData = (chunk: Buffer) => {
        read += chunk.length;
        if (read > maxBytes) {
          done();
          req.socket.destroy();
        }
      };
      const done = () => {
        req.off("data", onData);
        req.off("end", done);
        req.off("error", done);
      };
      // A reader that stopped half way (the body limit's, for a body of undeclared length) would
      // keep pausing the stream: nobody reads the body once the answer is sent (Node's own _dump).
      req.removeAllListeners("data");
      req.on("data", onData);
      req.once("end", done);
      req.once("error", done);
      req.resume();
    });
  });
}
