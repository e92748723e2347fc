import type { Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { closedWithin, closeServer, serve } from "../test/loopbackServer.ts";
import { idleReuseMs, loopbackFetch } from "./loopbackFetch.ts";

afterEach(closeServer);

describe("loopbackFetch", () => {
  it("sends a Request with its headers and body, and reads the answer", async () => {
    const { base } = await serve((req, res) => {
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
    const { base } = await serve((_req, res) => {
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

  it("a caller's signal (beside a Request, or to json) ends that call and frees its socket for the next", async () => {
    const { base } = await serve((req, res) => {
      if (req.url === "/ok") res.end("ok"); // anything else never answers (a stuck folder)
    });
    const transport = loopbackFetch();
    const gaveUp = new AbortController();
    const stuck = Array.from({ length: 16 }, (_, i) =>
      (i % 2
        ? transport.fetch(new Request(`${base}/hang`), { signal: gaveUp.signal })
        : transport.json("POST", `${base}/hang`, {}, { text: "hi" }, gaveUp.signal)
      ).catch((error: Error) => error.name),
    );
    gaveUp.abort();
    expect(await Promise.all(stuck)).toEqual(Array(16).fill("AbortError"));
    expect(await (await transport.fetch(new Request(`${base}/ok`))).text()).toBe("ok");
    transport.close();
  });

  it("reuses a connection between calls, and closes it itself once idle for a second", async () => {
    const { base, sockets } = await serve((_req, res) => res.end("ok"));
    const transport = loopbackFetch();
    for (let i = 0; i < 3; i += 1) expect(await (await transport.fetch(`${base}/global/health`)).text()).toBe("ok");
    expect(sockets).toHaveLength(1);
    // Closed from our side: the test server never closes an idle connection (../test/loopbackServer.ts).
    expect(await closedWithin(sockets[0]!, idleReuseMs + 10_000)).toBe("closed");
    expect(await (await transport.fetch(`${base}/global/health`)).text()).toBe("ok");
    expect(sockets).toHaveLength(2);
    transport.close();
  });

  it("sends a GET once more when a reused connection closes under it, never a POST", async () => {
    // The second request on any connection finds it closing: what a server closing idle
    // connections does to a request written at that moment.
    const served = new WeakMap<Socket, number>();
    const { base } = await serve((req, res) => {
      const count = (served.get(req.socket) ?? 0) + 1;
      served.set(req.socket, count);
      if (count === 2) req.socket.destroy();
      else res.end(`ok ${req.method}`);
    });
    const transport = loopbackFetch();
    expect(await (await transport.fetch(`${base}/a`)).text()).toBe("ok GET");
    expect(await (await transport.fetch(`${base}/b`)).text()).toBe("ok GET");
    // /b was sent again on a new connection; a POST on that one, reused, is not.
    await expect(transport.fetch(`${base}/c`, { method: "POST", body: "{}" })).rejects.toThrow(/socket hang up/);
    expect(await (await transport.fetch(`${base}/d`, { method: "POST", body: "{}" })).text()).toBe("ok POST");
    // The same for JSON calls (connections of their own): /f is the second call on its
    // connection and is not sent again; a GET (/h) is, on a new connection.
    expect(await transport.json("POST", `${base}/e`, {}, {})).toEqual({ status: 200, body: "ok POST" });
    await expect(transport.json("POST", `${base}/f`, {}, {})).rejects.toThrow(/closed the connection/);
    expect(await transport.json("GET", `${base}/g`, {})).toEqual({ status: 200, body: "ok GET" });
    expect(await transport.json("GET", `${base}/h`, {})).toEqual({ status: 200, body: "ok GET" });
    transport.close();
  });

  // agent.destroy() fails a GET on a kept socket with ECONNRESET, the error a GET is sent again for;
  // after close() it must not be (a new socket nothing ends, the closed generation's password). The
  // server answers /slow on any later connection, so a second try shows as an answer, not a wait.
  it("closing it during a GET on a reused connection ends the call and sends nothing more", async () => {
    const seen: string[] = [];
    const { base, server, sockets } = await serve((req, res) => {
      seen.push(req.url ?? "");
      if (req.url !== "/slow" || req.socket !== sockets[0]) res.end("{}");
    });
    const transport = loopbackFetch();
    const headers = { authorization: "Basic old" };
    expect(await (await transport.fetch(`${base}/first`, { headers })).text()).toBe("{}");
    const pending = transport.fetch(`${base}/slow`, { headers });
    await new Promise((resolve) => server.once("request", resolve));
    transport.close();
    await expect(pending).rejects.toThrow();
    expect(seen).toEqual(["/first", "/slow"]);
    expect(sockets).toHaveLength(1);
  });

  it("sends JSON and reads a JSON answer whole, or its text when it is not JSON", async () => {
    const { base } = await serve((req, res) => {
      let body = "";
      req.on("data", (chunk) => {
        body += chunk;
      });
      req.on("end", () => {
        if (req.url === "/text") return res.writeHead(500).end("Internal error");
        if (req.url === "/empty") return res.writeHead(204).end();
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ headers: req.headers, body: JSON.parse(body) }));
      });
    });
    const transport = loopbackFetch();
    const answer = await transport.json("POST", `${base}/json`, { authorization: "Basic abc" }, { text: "é" });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      headers: {
        authorization: "Basic abc",
        "content-type": "application/json",
        "content-length": String(Buffer.byteLength('{"text":"é"}')),
      },
      body: { text: "é" },
    });
    expect(await transport.json("POST", `${base}/text`, {}, {})).toEqual({ status: 500, body: "Internal error" });
    expect(await transport.json("POST", `${base}/empty`, {}, {})).toEqual({ status: 204, body: "" });
    transport.close();
    await expect(transport.json("GET", `${base}/json`, {})).rejects.toThrow(/closed/);
  });
});
