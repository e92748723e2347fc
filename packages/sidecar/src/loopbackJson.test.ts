import { afterEach, describe, expect, it } from "vitest";
import { closedWithin, closeServer, serve } from "../test/loopbackServer.ts";
import { Http1AnswerReader } from "./http1Answer.ts";
import { loopbackJson } from "./loopbackJson.ts";

/** Feeds `raw` one byte at a time (the hardest split) and returns the answer, if it completed. */
function readBytewise(raw: string, method = "POST") {
  const reader = new Http1AnswerReader(method);
  const bytes = Buffer.from(raw);
  let answer = null;
  for (let i = 0; i < bytes.length; i++) {
    const got = reader.push(bytes.subarray(i, i + 1));
    if (got) {
      expect(answer).toBeNull();
      answer = { ...got, body: got.body.toString(), rest: i + 1 < bytes.length };
    }
  }
  if (answer) return answer;
  const ended = reader.end();
  return ended && { ...ended, body: ended.body.toString(), rest: false };
}

describe("Http1AnswerReader", () => {
  it("reads a chunked answer split anywhere, with a chunk extension and trailers", () => {
    const answer = readBytewise(
      "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n" +
        '5;x=1\r\n{"a":\r\nA\r\n"é12345"}\r\n0\r\nX-Trailer: t\r\n\r\n',
    );
    expect(answer).toMatchObject({ status: 200, body: '{"a":"é12345"}', reusable: true, rest: false });
  });

  it("reads by Content-Length, skips a 1xx answer, and keeps the connection only when allowed", () => {
    expect(
      readBytewise("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok"),
    ).toMatchObject({ status: 201, body: "ok", reusable: true });
    expect(readBytewise("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok")).toMatchObject({
      reusable: false,
    });
    expect(readBytewise("HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok")).toMatchObject({ reusable: false });
    expect(readBytewise("HTTP/1.1 204 No Content\r\n\r\n")).toMatchObject({ status: 204, body: "", reusable: true });
    expect(readBytewise("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n", "HEAD")).toMatchObject({ body: "" });
  });

  it("reads an answer of no stated length up to the close, and never reuses that connection", () => {
    expect(readBytewise("HTTP/1.1 200 OK\r\n\r\nuntil the end")).toMatchObject({
      body: "until the end",
      reusable: false,
    });
  });

  it("refuses what is not HTTP, and a connection with bytes after the answer is not reused", () => {
    expect(() => new Http1AnswerReader("GET").push(Buffer.from("SSH-2.0-OpenSSH\r\n\r\n"))).toThrow(/not HTTP/);
    const chunked = new Http1AnswerReader("GET");
    expect(() => chunked.push(Buffer.from("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"))).toThrow(
      /chunk size/,
    );
    expect(() =>
      new Http1AnswerReader("GET").push(Buffer.from("HTTP/1.1 200 OK\r\nContent-Length: 1, 2\r\n\r\n")),
    ).toThrow(/Content-Length/);
    const extra = new Http1AnswerReader("GET").push(Buffer.from("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokHTTP"));
    expect(extra).toMatchObject({ status: 200, reusable: false });
    expect(extra?.body.toString()).toBe("ok");
  });
});

afterEach(closeServer);

describe("loopbackJson", () => {
  it("sends JSON with its headers, reads a chunked answer, and keeps one connection until idle", async () => {
    const seen: { method?: string; url?: string; headers: object; body: string }[] = [];
    const { base, sockets } = await serve((req, res) => {
      let body = "";
      req.on("data", (chunk) => {
        body += chunk;
      });
      req.on("end", () => {
        seen.push({ method: req.method, url: req.url, headers: req.headers, body });
        res.writeHead(200, { "content-type": "application/json" });
        // Written in two pieces, so node:http sends it chunked, as opencode sends a prompt's answer.
        res.write('{"echo":');
        res.end(`${JSON.stringify(body)}}`);
      });
    });
    const idleMs = 100;
    const json = loopbackJson(idleMs);
    for (let i = 0; i < 3; i++) {
      const answer = await json.call(
        "POST",
        `${base}/session/s%201/message`,
        { authorization: "Basic abc" },
        { t: "é" },
      );
      expect(answer).toEqual({ status: 200, body: { echo: '{"t":"é"}' } });
    }
    expect(seen[0]).toMatchObject({
      method: "POST",
      url: "/session/s%201/message",
      headers: { authorization: "Basic abc", "content-type": "application/json", "content-length": "10" },
    });
    expect(sockets).toHaveLength(1);
    // Closed by us: the test server never closes an idle connection (../test/loopbackServer.ts).
    expect(await closedWithin(sockets[0]!, idleMs + 10_000)).toBe("closed");
    expect((await json.call("GET", `${base}/x`, {})).status).toBe(200);
    expect(sockets).toHaveLength(2);
    json.close();
    await expect(json.call("GET", `${base}/x`, {})).rejects.toThrow(/closed/);
  });

  it("refuses a header or method that would forge a second request, sending nothing", async () => {
    let requests = 0;
    const { base } = await serve((_req, res) => {
      requests++;
      res.end("{}");
    });
    const json = loopbackJson(1_000);
    await expect(json.call("GET", `${base}/x`, { "x-a": "1\r\nX-Forged: 1" })).rejects.toThrow(/not valid/);
    await expect(json.call("GET", `${base}/x`, { "x-a\r\nX-Forged": "1" })).rejects.toThrow(/not valid/);
    await expect(json.call("GET /y HTTP/1.1\r\n", `${base}/x`, {})).rejects.toThrow(/method/);
    await expect(json.call("GET", `${base}/x\r\nX-Forged: 1`, {})).rejects.toThrow(/loopback URL/);
    expect(requests).toBe(0);
    // Headers are checked once only when frozen: an object changed after a call is checked again.
    const headers: Record<string, string> = { "x-a": "1" };
    expect((await json.call("GET", `${base}/x`, headers)).status).toBe(200);
    headers["x-a"] = "1\r\nX-Forged: 1";
    await expect(json.call("GET", `${base}/x`, headers)).rejects.toThrow(/not valid/);
    const frozen = Object.freeze({ "x-a": "1" });
    for (let i = 0; i < 2; i++) expect((await json.call("GET", `${base}/x`, frozen)).status).toBe(200);
    expect(requests).toBe(3);
    json.close();
  });

  it("closing it ends a call under way", async () => {
    const { base, server } = await serve(() => undefined); // never answers
    const json = loopbackJson(1_000);
    const pending = json.call("POST", `${base}/hang`, {}, {});
    await new Promise((resolve) => server.once("request", resolve));
    json.close();
    await expect(pending).rejects.toThrow(/closed the connection/);
  });

  // A GET meeting a reused connection closing under it is sent again, but not when close() closed
  // it: that second try would go out after close(), on a connection nothing ends, with the closed
  // generation's password. The server answers /slow on any later connection, so a second try shows
  // as an answer rather than as a wait.
  it("closing it during a GET on a reused connection ends the call and sends nothing more", async () => {
    const seen: string[] = [];
    const { base, server, sockets } = await serve((req, res) => {
      seen.push(req.url ?? "");
      if (req.url !== "/slow" || req.socket !== sockets[0]) res.end("{}");
    });
    const json = loopbackJson(60_000);
    await json.call("GET", `${base}/first`, { authorization: "Basic old" });
    const pending = json.call("GET", `${base}/slow`, { authorization: "Basic old" });
    await new Promise((resolve) => server.once("request", resolve));
    json.close();
    await expect(pending).rejects.toThrow(/closed the connection|was closed/);
    expect(seen).toEqual(["/first", "/slow"]);
    expect(sockets).toHaveLength(1);
  });

  it("a caller's signal ends a GET on a reused connection, which is not sent again", async () => {
    const seen: string[] = [];
    const { base, server, sockets } = await serve((req, res) => {
      seen.push(req.url ?? "");
      if (req.url !== "/slow" || req.socket !== sockets[0]) res.end("{}");
    });
    const json = loopbackJson(60_000);
    await json.call("GET", `${base}/first`, {});
    const gaveUp = new AbortController();
    const pending = json.call("GET", `${base}/slow`, {}, undefined, gaveUp.signal);
    await new Promise((resolve) => server.once("request", resolve));
    gaveUp.abort();
    await expect(pending).rejects.toMatchObject({ name: "AbortError" });
    expect(seen).toEqual(["/first", "/slow"]);
    // The call's connection was ended with it; the next call opens a new one and is answered.
    expect(await closedWithin(sockets[0]!, 10_000)).toBe("closed");
    expect(await json.call("GET", `${base}/next`, {})).toEqual({ status: 200, body: {} });
    expect(sockets).toHaveLength(2);
    json.close();
  });
});
