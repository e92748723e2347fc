// A request that offers an upgrade other than the terminal's WebSocket is an ordinary request
// (review 5, L7): `curl --http2` offers `Upgrade: h2c` on every call, and got 404 "There is no
// WebSocket at /api/status" from every route once the terminal listened for upgrades.
import { request } from "node:http";
import { connect, type Socket } from "node:net";
import { describe, expect, it } from "vitest";
import { bearer, testBackend } from "./harness.ts";

function send(
  url: string,
  init: { method?: string; headers: Record<string, string>; body?: string },
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: init.method ?? "GET", headers: init.headers }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        body += chunk;
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.setTimeout(20_000, () => req.destroy(new Error("no answer within 20 s")));
    req.end(init.body);
  });
}

const h2cOffer = {
  connection: "Upgrade, HTTP2-Settings",
  upgrade: "h2c",
  "http2-settings": "AAMAAABkAAQCAAAAAAIAAAAA",
};

// Each test's backend is closed after it by the harness.
describe("a request that offers an upgrade the backend does not speak", () => {
  it("is answered by the API as if it offered nothing (curl --http2)", async () => {
    const backend = await testBackend("");
    const plain = await send(`${backend.url}/api/status`, { headers: bearer(backend) });
    const offered = await send(`${backend.url}/api/status`, { headers: { ...bearer(backend), ...h2cOffer } });
    expect(plain.status).toBe(200);
    expect(offered.status).toBe(200);
    expect(JSON.parse(offered.body).state).toBe(JSON.parse(plain.body).state);
    // and still refused without the token, like any request
    expect((await send(`${backend.url}/api/status`, { headers: h2cOffer })).status).toBe(401);
  });

  it("with a body, gets a sentence that says to send it without the Upgrade header", async () => {
    const backend = await testBackend("");
    const answer = await send(`${backend.url}/api/sidecar/start`, {
      method: "POST",
      headers: { ...bearer(backend), ...h2cOffer, "content-type": "application/json", "content-length": "2" },
      body: "{}",
    });
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body).error.message).toBe(
      "This server does not switch protocols. Send the request again without an Upgrade header.",
    );
  });

  it("does not hold the backend's close() when it is an event stream (review 6, L3)", async () => {
    const backend = await testBackend("");
    const socket = await new Promise<Socket>((resolve, reject) => {
      const req = request(`${backend.url}/api/events`, { headers: { ...bearer(backend), ...h2cOffer } }, (res) => {
        res.once("data", () => resolve(req.socket as Socket)); // the stream is open
      });
      req.on("error", () => undefined);
      req.setTimeout(20_000, () => reject(new Error("no event stream within 20 s")));
      req.end();
    });
    const ended = new Promise<void>((resolve) => socket.once("close", () => resolve()));
    // A safety net, not a timing claim: without the fix close() waits as long as the client stays.
    const closing = await Promise.race([
      backend.close().then(() => "closed"),
      new Promise<string>((resolve) => setTimeout(() => resolve("still closing after 20 s"), 20_000)),
    ]);
    socket.destroy(); // lets a failing run's close finish, so the harness can end
    expect(closing).toBe("closed");
    await ended; // and the client was told: its stream ended
  });

  it("are closed after their answer even when the client keeps them open, so they cannot lock the app out (review 6, S4)", async () => {
    const limits = { maxConnections: 4, keepAliveTimeoutMs: 500 };
    const backend = await testBackend("", { http: limits });
    // Clients that read the answer (401 or 404: no token, no ticket) and keep their side open, as a
    // hostile one would, filling the connection cap.
    const offers = ["Connection: Upgrade\r\nUpgrade: h2c\r\n", "Connection: Upgrade\r\nUpgrade: websocket\r\n"];
    const held = await Promise.all(
      Array.from({ length: limits.maxConnections }, (_, i) => {
        const socket = connect({ port: backend.port, host: "127.0.0.1", allowHalfOpen: true });
        socket.on("error", () => undefined);
        socket.resume(); // reads the answer
        socket.write(`GET /api/status HTTP/1.1\r\nHost: 127.0.0.1:${backend.port}\r\n${offers[i % 2]}\r\n`);
        return new Promise<Socket>((resolve) => socket.once("end", () => resolve(socket))); // answered, then FIN
      }),
    );
    try {
      // The app's own request gets through once the server has closed them (it refuses beyond the
      // cap meanwhile); without the fix they stay for ever and this gives up after 20 s.
      const until = Date.now() + 20_000;
      let answer = "";
      while (answer !== "200" && Date.now() < until) {
        answer = await send(`${backend.url}/api/status`, { headers: bearer(backend) }).then(
          (r) => String(r.status),
          (error: Error) => error.message,
        );
        if (answer !== "200") await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(answer).toBe("200");
    } finally {
      for (const socket of held) socket.destroy();
    }
  });
});
