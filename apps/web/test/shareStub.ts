// A local stand-in for opencode's share service, speaking the protocol opencode 1.18 uses
// (its ShareNext): POST /api/share {sessionID} → {id, url, secret}; POST /api/share/:id/sync
// {secret, data} with the chat's session, messages and parts; DELETE /api/share/:id {secret}.
// opencode is pointed at it with `enterprise.url`. Every request is recorded.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface ShareRequest {
  method: string;
  path: string;
  body: string;
}

export interface ShareStub {
  url: string;
  requests: ShareRequest[];
  /** The next create answers 503, as a service that is down would. */
  failNextCreate: boolean;
  close(): Promise<void>;
}

export async function startShareStub(): Promise<ShareStub> {
  const stub = { requests: [] as ShareRequest[], failNextCreate: false };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const path = req.url ?? "/";
      stub.requests.push({ method: req.method ?? "", path, body: Buffer.concat(chunks).toString("utf8") });
      const json = (status: number, body: unknown) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(body));
      };
      if (req.method === "POST" && path === "/api/share") {
        if (stub.failNextCreate) {
          stub.failNextCreate = false;
          return json(503, { error: "unavailable" });
        }
        const id = `shr${stub.requests.filter((r) => r.path === "/api/share").length}`;
        return json(200, { id, url: `${base}/s/${id}`, secret: `secret-${id}` });
      }
      if (req.method === "POST" && /^\/api\/share\/[^/]+\/sync$/.test(path)) return json(200, {});
      if (req.method === "DELETE" && /^\/api\/share\/[^/]+$/.test(path)) return json(200, {});
      return json(404, { error: "not found" });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return Object.assign(stub, {
    url: base,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}
