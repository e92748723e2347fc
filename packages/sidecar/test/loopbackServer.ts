// The test server for the loopback clients (loopbackJson, loopbackFetch): a node:http server that
// never closes an idle connection itself (keepAliveTimeout 0; Node's default of 5 s would close it
// inside a test's wait), so a kept connection that closes was closed by the client.
import { createServer, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";

export interface LoopbackServer {
  base: string;
  server: Server;
  /** Every connection the server accepted, in order. */
  sockets: Socket[];
}

let current: Server | null = null;

export async function serve(handler: Parameters<typeof createServer>[1]): Promise<LoopbackServer> {
  const server = createServer({ keepAliveTimeout: 0 }, handler);
  current = server;
  const sockets: Socket[] = [];
  server.on("connection", (socket: Socket) => sockets.push(socket));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, sockets };
}

/** For afterEach: ends the last server and its connections. */
export async function closeServer(): Promise<void> {
  const server = current;
  current = null;
  if (!server) return;
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
}

/** Whether `socket` closed before `deadlineMs` (a safety net only: the close is what is awaited). */
export function closedWithin(socket: Socket, deadlineMs: number): Promise<"closed" | "deadline"> {
  return new Promise((resolve) => {
    if (socket.destroyed) return resolve("closed");
    socket.once("close", () => resolve("closed"));
    setTimeout(() => resolve("deadline"), deadlineMs).unref();
  });
}
