// The terminal's WebSocket, proxied to opencode. The browser opens it on the backend's own origin
// with a one-time ticket (tickets.ts); the backend checks the Host and Origin as it does for every
// request (security.ts: DNS rebinding, other pages, other loopback ports), then opens opencode's
// `/pty/:id/connect` with the sidecar's password and pipes the two sockets together. The frames
// pass untouched: the browser and opencode speak WebSocket to each other, the password never
// reaches the browser, and nothing but a ticket holder reaches opencode.
import { type IncomingMessage, request, type Server } from "node:http";
import type { Duplex } from "node:stream";
import { basicAuthHeader, type SidecarSupervisor } from "@turnkey/sidecar";
import { allowedHosts, hostRefusal, originRefusal } from "../security.ts";
import { answerWithoutUpgrade, endUpgradeSocket, offersWebSocket } from "./ordinaryUpgrade.ts";
import { terminalConnectPath } from "./terminalService.ts";
import type { TerminalTickets, TicketTarget } from "./tickets.ts";

type SidecarConnection = NonNullable<ReturnType<SidecarSupervisor["connection"]>>;

/** How long opencode may take to accept the WebSocket. */
const upstreamDeadlineMs = 10_000;

type Refusal = [status: 401 | 403 | 404 | 502 | 503, code: string, message: string];

const reasons = {
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  502: "Bad Gateway",
  503: "Service Unavailable",
};

function refuse(server: Server, socket: Duplex, [status, code, message]: Refusal): void {
  const body = JSON.stringify({ error: { code, message } });
  endUpgradeSocket(
    server,
    socket,
    `HTTP/1.1 ${status} ${reasons[status]}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}

export interface TerminalUpgradeOptions {
  supervisor: SidecarSupervisor;
  tickets: TerminalTickets;
  port: () => number;
  /** The server whose ordinary requests an upgrade offer other than a WebSocket goes to. */
  server: Server;
}

/** The node server's `upgrade` listener, and a close() that ends every socket it was handed still open. */
export function terminalUpgrade(options: TerminalUpgradeOptions) {
  const open = new Set<Duplex>();
  const track = (socket: Duplex) => {
    open.add(socket);
    socket.once("close", () => open.delete(socket));
  };

  /** The terminal and the sidecar a request may reach, or why it may not: the checks of security.ts, then the ticket. */
  const admit = (req: IncomingMessage): Refusal | { target: TicketTarget; connection: SidecarConnection } => {
    const url = new URL(req.url ?? "/", "http://backend");
    const refused =
      hostRefusal(req.headers.host, allowedHosts(options.port())) ??
      originRefusal(req.headers.host, req.headers.origin);
    if (refused) return [403, ...refused];
    if (url.pathname !== terminalConnectPath) return [404, "not_found", `There is no WebSocket at ${url.pathname}.`];
    const target = options.tickets.redeem(url.searchParams.get("ticket") ?? "");
    if (!target) return [401, "unauthorized", "This terminal link has expired or was used. Open the terminal again."];
    const connection = options.supervisor.connection();
    if (!connection)
      return [503, "sidecar_unavailable", "OpenCode is not running. Start it, then open the terminal again."];
    return { target, connection };
  };

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    socket.on("error", () => socket.destroy());
    if (!offersWebSocket(req)) {
      // Node no longer counts this socket among the server's connections, so closeAllConnections()
      // does not reach it: an event stream asked for this way held the backend's close() (and
      // `npm run serve`'s Ctrl+C) for ever (review 6, L3). close() below ends it.
      track(socket);
      answerWithoutUpgrade(options.server, req, socket);
      return;
    }
    const admitted = admit(req);
    if (Array.isArray(admitted)) {
      refuse(options.server, socket, admitted);
      return;
    }
    const { target, connection } = admitted;
    const upstreamUrl = new URL(`/pty/${encodeURIComponent(target.terminalId)}/connect`, connection.url);
    if (target.directory) upstreamUrl.searchParams.set("directory", target.directory);
    const headers: Record<string, string> = {
      connection: "Upgrade",
      upgrade: "websocket",
      authorization: basicAuthHeader(connection.password),
    };
    for (const name of ["sec-websocket-key", "sec-websocket-version", "sec-websocket-extensions"]) {
      const value = req.headers[name];
      if (typeof value === "string") headers[name] = value;
    }
    const upstreamRequest = request(upstreamUrl, { headers, timeout: upstreamDeadlineMs });
    upstreamRequest.on("timeout", () =>
      upstreamRequest.destroy(new Error("OpenCode did not open the terminal in time")),
    );
    upstreamRequest.on("error", () =>
      refuse(options.server, socket, [502, "sidecar_error", "OpenCode could not open the terminal. Open it again."]),
    );
    upstreamRequest.on("response", (answer) => {
      answer.resume();
      refuse(
        options.server,
        socket,
        answer.statusCode === 404
          ? [404, "not_found", "That terminal has ended. Open a new one."]
          : [502, "sidecar_error", "OpenCode refused to open the terminal."],
      );
    });
    upstreamRequest.on("upgrade", (answer, upstream, upstreamHead) => {
      upstreamRequest.setTimeout(0);
      if (socket.destroyed) {
        upstream.destroy();
        return;
      }
      const lines = ["HTTP/1.1 101 Switching Protocols"];
      for (let i = 0; i < answer.rawHeaders.length; i += 2)
        lines.push(`${answer.rawHeaders[i]}: ${answer.rawHeaders[i + 1]}`);
      socket.write(`${lines.join("\r\n")}\r\n\r\n`);
      if (upstreamHead.length > 0) socket.write(upstreamHead);
      if (head.length > 0) upstream.write(head);
      track(socket);
      track(upstream);
      upstream.on("error", () => socket.destroy());
      socket.on("close", () => upstream.destroy());
      upstream.on("close", () => socket.destroy());
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    upstreamRequest.end();
  };

  return {
    onUpgrade,
    close(): void {
      for (const socket of open) socket.destroy();
      open.clear();
    },
  };
}
