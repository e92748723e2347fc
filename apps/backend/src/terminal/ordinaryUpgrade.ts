// Once the terminal listens for `upgrade`, Node hands it EVERY request that offers an upgrade,
// whatever the protocol (Node's http server treats a request as an upgrade only while an `upgrade`
// listener exists). So an ordinary API call that offers one, as `curl --http2` does with
// `Upgrade: h2c`, was answered "There is no WebSocket at /api/status" (review 5, L7). A server
// "MAY ignore a received Upgrade header field" (RFC 9110 §7.8): a request without a body is
// answered by the app as if it offered nothing. Node has stopped reading at the headers, so one
// with a body gets a sentence instead of a wait for a body that is never read.
import { type IncomingMessage, type Server, ServerResponse } from "node:http";
import type { Socket } from "node:net";
import type { Duplex } from "node:stream";

/** True for the WebSocket handshakes the terminal answers; anything else is an ordinary request. */
export function offersWebSocket(req: IncomingMessage): boolean {
  return (req.headers.upgrade ?? "").toLowerCase() === "websocket";
}

/**
 * Ends our side of a socket handed to the `upgrade` event, and destroys it after the server's
 * keep-alive time if the client keeps its own side open. Node applies none of its timeouts to such
 * a socket, and `end()` only half-closes: a client that never closed held a connection for ever,
 * so 128 of them (any local process, no token needed) locked the app's windows out (review 6, S4).
 * The grace lets the client read the answer; destroying at once could reset it before it does.
 */
export function endUpgradeSocket(server: Server, socket: Duplex, answer?: string): void {
  if (answer === undefined) socket.end();
  else socket.end(answer);
  const timer = setTimeout(() => socket.destroy(), server.keepAliveTimeout || 5_000);
  timer.unref();
  socket.once("close", () => clearTimeout(timer));
}

export function answerWithoutUpgrade(server: Server, req: IncomingMessage, socket: Duplex): void {
  const hasBody = req.headers["transfer-encoding"] !== undefined || Number(req.headers["content-length"] ?? 0) > 0;
  if (hasBody) {
    const body = JSON.stringify({
      error: {
        code: "bad_request",
        message: "This server does not switch protocols. Send the request again without an Upgrade header.",
      },
    });
    endUpgradeSocket(
      server,
      socket,
      `HTTP/1.1 400 Bad Request\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    );
    return;
  }
  req.push(null); // no body: the message is complete
  const res = new ServerResponse(req);
  res.shouldKeepAlive = false;
  res.assignSocket(socket as Socket);
  // Node's own server ends its side when the client ends its (no half-open sockets); this socket
  // left Node's handling, so a stream whose client went away would stay open until a write failed.
  socket.once("end", () => socket.destroy());
  res.once("finish", () => {
    res.detachSocket(socket as Socket);
    endUpgradeSocket(server, socket);
  });
  server.emit("request", req, res);
}
