// What one client may hold of the backend's HTTP server. Without limits, 8,000 idle connections
// were all accepted (8,028 fds) and a slow body was cut only after 300 s. The figures leave
// plenty for the app's own windows (a browser opens at most 6 connections per origin) and the
// CLI, and a body of at most 1 MiB needs no more than seconds on loopback.
import type { Server } from "node:http";
import type { Socket } from "node:net";

export interface HttpLimits {
  /** Connections beyond this are closed as soon as they are accepted. */
  maxConnections: number;
  /** The request line and headers must arrive within this (408 otherwise). */
  headersTimeoutMs: number;
  /** The whole request, body included, must arrive within this (408 otherwise). Not responses. */
  requestTimeoutMs: number;
  /** An idle keep-alive connection is closed after this. */
  keepAliveTimeoutMs: number;
  /** How often the timeouts above are checked. */
  checkIntervalMs: number;
}

export const defaultHttpLimits: HttpLimits = {
  maxConnections: 128,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  checkIntervalMs: 1_000,
};

export function serverOptions(limits: HttpLimits) {
  return {
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    connectionsCheckingInterval: limits.checkIntervalMs,
  };
}

export function applyConnectionLimits(server: Server, limits: HttpLimits): void {
  server.maxConnections = limits.maxConnections;
  // Node's header timeout starts with the first byte: a connection that never sends one would
  // hold its slot for ever. It gets the same time to start as the headers get to finish.
  server.on("connection", (socket: Socket) => {
    const timer = setTimeout(() => socket.bytesRead === 0 && socket.destroy(), limits.headersTimeoutMs);
    timer.unref();
    socket.once("close", () => clearTimeout(timer));
  });
}
