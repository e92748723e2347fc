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

export function answerWithoutUpgrade(server: Server, req: IncomingMessage, socket: Duplex): void {
  const hasBody = req.headers["transfer-encoding"] !== undefined || Number(req.headers["content-length"] ?? 0) > 0;
  if (hasBody) {
    const body = JSON.stringify({
      error: {
        code: "bad_request",
        message: "This server does not switch protocols. Send the request again without an Upgrade header.",
      },
    });
    socket.end(
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
    socket.end();
  });
  server.emit("request", req, res);
}
