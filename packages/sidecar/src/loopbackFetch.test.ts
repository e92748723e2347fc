import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { loopbackFetch } from "./loopbackFetch.ts";

let server: Server | null = null;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  server = null;
});

async function serve(handler: Parameters<typeof createServer>[1]): Promise<string> {
  server = createServer(handler);
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe("loopbackFetch", () => {
  it("sends a Request with its headers and body, and reads the answer", async () => {
    const base = await serve((req, res) => {
      let body = "";
      req.on("data", (chunk) => {
        body += chunk;
      });
      req.on("end", () => {
        res.writeHead(201, { "content-type": "application/json", "x-seen": req.headers.authorization ?? "" });
        res.end(JSON.stringify({ method: req.method, url: req.url, body }));
      });
    });
    const transport = loopbackFetch();
    const res = await transport.fetch(
      new Request(`${base}/session?x=1`, { method: "POST", headers: { authorization: "Basic abc" }, body: '{"a":1}' }),
    );
    expect(res.status).toBe(201);
    expect(res.headers.get("x-seen")).toBe("Basic abc");
    expect(await res.json()).toEqual({ method: "POST", url: "/session?x=1", body: '{"a":1}' });
    transport.close();
    await expect(transport.fetch(`${base}/`)).rejects.toThrow(/closed/);
  });

  it("streams a response as it comes and stops when aborted", async () => {
    const base = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write("data: one\n\n");
    });
    const transport = loopbackFetch();
    const controller = new AbortController();
    const res = await transport.fetch(`${base}/event`, { signal: controller.signal });
    const reader = res.body!.getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toBe("data: one\n\n");
    controller.abort();
    await expect(reader.read()).rejects.toThrow();
    transport.close();
  });

  it("never reuses a connection the sidecar may be closing: one connection per call", async () => {
    const base = await serve((_req, res) => res.end("ok"));
    let connections = 0;
    server!.on("connection", () => {
      connections += 1;
    });
    const transport = loopbackFetch();
    for (let i = 0; i < 3; i += 1) expect(await (await transport.fetch(`${base}/global/health`)).text()).toBe("ok");
    expect(connections).toBe(3);
    transport.close();
  });
});
