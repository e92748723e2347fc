// Each security rule of the control API, with hostile input; the process stays healthy after.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { bearer, jsonPost, raw, tempDir, testBackend } from "./harness.ts";

describe("launch token", () => {
  it("lets /api/health through without a token, and nothing else", async () => {
    const backend = await testBackend();
    const health = await raw(backend, { path: "/api/health" });
    expect(health.status).toBe(200);
    expect(health.json()).toEqual({ ok: true, version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
    for (const path of ["/api/status", "/api/logs", "/api/events", "/api/diagnostics"]) {
      const res = await raw(backend, { path });
      expect(res.status, path).toBe(401);
      expect(res.json()).toMatchObject({ error: { code: "unauthorized" } });
    }
  });

  it("refuses a wrong token, a prefix of the token, and the token with a suffix", async () => {
    const backend = await testBackend();
    for (const token of ["wrong", backend.token.slice(0, -1), `${backend.token}x`, "", backend.token.slice(0, 8)]) {
      const res = await raw(backend, { headers: { authorization: `Bearer ${token}` } });
      expect(res.status, token).toBe(401);
    }
    expect((await raw(backend, { headers: bearer(backend) })).status).toBe(200);
  });

  it("moves a ?token= link into the fragment of one of its own views, and sets no cookie", async () => {
    const backend = await testBackend();
    const token = encodeURIComponent(backend.token);
    for (const [path, location] of [
      [`/?token=${token}`, `/#token=${token}`],
      [`/chat?token=${token}`, `/chat#token=${token}`],
      // Never a path taken from the request: these would leave for another site.
      [`//evil.com?token=${token}`, `/#token=${token}`],
      [`/index.html/../..//evil.com?token=${token}`, `/#token=${token}`],
    ] as const) {
      const login = await raw(backend, { path });
      expect(login.status, path).toBe(302);
      expect(login.headers.location, path).toBe(location);
      expect(login.headers["set-cookie"], path).toBeUndefined();
      expect(login.headers["cache-control"], path).toBe("no-store");
    }
    const bad = await raw(backend, { path: "/?token=nope" });
    expect(bad.status).toBe(401);
    expect(bad.headers.location).toBeUndefined();
  });

  it("serves the UI's files without a token (they hold no secret), but no API route", async () => {
    const backend = await testBackend();
    const page = await raw(backend, { path: "/" });
    expect(page.status).toBe(200);
    expect(page.headers["content-security-policy"]).toContain("script-src 'self'");
    expect(page.headers["referrer-policy"]).toBe("no-referrer");
    expect((await raw(backend, { path: "/chat" })).status).toBe(200);
    expect((await raw(backend, { path: "/api/status" })).status).toBe(401);
  });

  it("takes no cookie as a credential, and expires the old login cookie wherever it shows up", async () => {
    const backend = await testBackend();
    const res = await raw(backend, { path: "/api/status", headers: { cookie: `turnkey_token=${backend.token}` } });
    expect(res.status).toBe(401);
    expect(String(res.headers["set-cookie"])).toMatch(/^turnkey_token=; Path=\/; Max-Age=0/);
    const withBoth = await raw(backend, {
      path: "/api/status",
      headers: { ...bearer(backend), cookie: "other=1; turnkey_token=planted-by-another-port" },
    });
    expect(withBoth.status).toBe(200);
    expect(String(withBoth.headers["set-cookie"])).toMatch(/^turnkey_token=; Path=\/; Max-Age=0/);
  });
});

describe("response headers", () => {
  it("every answer, success or refusal, forbids sniffing, referrers and framing", async () => {
    const backend = await testBackend();
    for (const [path, headers] of [
      ["/api/status", bearer(backend)],
      ["/api/status", {}],
      ["/api/nope", bearer(backend)],
      ["/api/health", { host: "evil.example" }],
    ] as const) {
      const res = await raw(backend, { path, headers });
      expect(res.headers["x-content-type-options"], path).toBe("nosniff");
      expect(res.headers["referrer-policy"], path).toBe("no-referrer");
      expect(res.headers["x-frame-options"], path).toBe("DENY");
      expect(res.headers["cache-control"], path).toBe("no-store");
    }
  });
});

describe("JSON answers", () => {
  it("mask the launch token and the sidecar password wherever an answer quotes them, as JSON", async () => {
    const backend = await testBackend();
    expect((await jsonPost(backend, "/api/sidecar/start")).status).toBe(200);
    const password = backend.supervisor.connection()!.password;
    // A log line quoting both, as a tool's output or an error message might.
    backend.supervisor.logs.push("stdout", `token ${backend.token} and ${password}`, Date.now());
    const res = await raw(backend, { path: "/api/logs?limit=5", headers: bearer(backend) });
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toMatch(/^application\/json/);
    expect(res.body).not.toContain(backend.token);
    expect(res.body).not.toContain(password);
    expect(res.json()).toMatchObject({
      lines: expect.arrayContaining([expect.objectContaining({ line: "token [redacted] and [redacted]" })]),
    });
  });

  it("mask the launch token in the log files too, which a tool the agent runs can read", async () => {
    const backend = await testBackend();
    backend.supervisor.logs.push("supervisor", `API error: a stack quoting ${backend.token}`, Date.now());
    const logs = join(backend.supervisor.dataDir, "logs");
    const written = readdirSync(logs)
      .map((name) => readFileSync(join(logs, name), "utf8"))
      .join("\n");
    expect(written).toContain("API error: a stack quoting [redacted]");
    expect(written).not.toContain(backend.token);
  });
});

describe("Host and Origin", () => {
  it("answers only loopback names with its own port", async () => {
    const backend = await testBackend();
    const p = backend.port;
    for (const host of [`localhost:${p}`, `127.0.0.1:${p}`, `[::1]:${p}`, `LOCALHOST:${p}`]) {
      expect((await raw(backend, { headers: { ...bearer(backend), host } })).status, host).toBe(200);
    }
    for (const host of [
      "evil.example",
      `evil.example:${p}`,
      "127.0.0.1",
      "localhost",
      `127.0.0.1:${p + 1}`,
      `127.0.0.2:${p}`,
    ]) {
      const res = await raw(backend, { path: "/api/health", headers: { host } });
      expect(res.status, host).toBe(403);
      expect(res.json()).toMatchObject({ error: { code: "forbidden_host" } });
    }
  });

  it("refuses cross-site and null origins, accepts its own", async () => {
    const backend = await testBackend();
    const own = `http://127.0.0.1:${backend.port}`;
    for (const origin of [
      "null",
      "http://evil.example",
      `http://localhost:${backend.port}`,
      `https://127.0.0.1:${backend.port}`,
    ]) {
      const res = await raw(backend, { headers: { ...bearer(backend), origin } });
      expect(res.status, origin).toBe(403);
    }
    expect((await raw(backend, { headers: { ...bearer(backend), origin: own } })).status).toBe(200);
    expect((await raw(backend, { headers: bearer(backend) })).headers["access-control-allow-origin"]).toBeUndefined();
  });
});

describe("request bodies", () => {
  it("refuses non-JSON posts, oversized bodies and malformed or unexpected JSON, changing nothing", async () => {
    const backend = await testBackend();
    const post = (headers: Record<string, string>, body: string | Buffer) =>
      raw(backend, { method: "POST", path: "/api/sidecar/start", headers: { ...bearer(backend), ...headers }, body });
    expect((await post({ "content-type": "text/plain" }, "{}")).status).toBe(415);
    expect((await post({ "content-type": "application/x-www-form-urlencoded" }, "a=b")).status).toBe(415);
    expect((await post({ "content-type": "multipart/form-data; boundary=x" }, "--x--")).status).toBe(415);
    expect((await post({}, "{}")).status).toBe(415);
    const big = await post({ "content-type": "application/json" }, Buffer.alloc(5 * 1024 * 1024, 32));
    expect(big.status).toBe(413);
    expect(big.json()).toMatchObject({ error: { code: "payload_too_large" } });
    const malformed = await post({ "content-type": "application/json" }, "{not json");
    expect(malformed.status).toBe(400);
    expect(malformed.json()).toMatchObject({ error: { code: "invalid_json" } });
    const unexpected = await post({ "content-type": "application/json" }, '{"force":true}');
    expect(unexpected.status).toBe(400);
    expect(unexpected.json()).toMatchObject({ error: { code: "invalid_request" } });
    expect(backend.supervisor.status().state).toBe("stopped");
  });

  it("refuses a chunked body over 1 MiB that declares no length", async () => {
    const backend = await testBackend();
    const res = await raw(backend, {
      method: "POST",
      path: "/api/sidecar/start",
      headers: { ...bearer(backend), "content-type": "application/json", "transfer-encoding": "chunked" },
      body: Buffer.alloc(2 * 1024 * 1024, 32),
    });
    expect(res.status).toBe(413);
    expect(backend.supervisor.status().state).toBe("stopped");
  });
});

describe("paths", () => {
  it("answers JSON 404s for unknown routes and never serves a file outside the UI build", async () => {
    const ui = tempDir();
    mkdirSync(join(ui, "assets"));
    writeFileSync(join(ui, "index.html"), "<!doctype html><title>ui</title>");
    writeFileSync(join(ui, "assets", "app.js"), "console.log(1)");
    writeFileSync(join(ui, "..", "secret.txt"), "top secret");
    const backend = await testBackend("", { uiDir: ui });
    const auth = bearer(backend);
    expect((await raw(backend, { path: "/assets/app.js", headers: auth })).body).toBe("console.log(1)");
    for (const path of [
      "/api/nope",
      "/nope",
      "/../secret.txt",
      "/assets/../../secret.txt",
      "/%2e%2e/secret.txt",
      "/assets/%2e%2e/%2e%2e/secret.txt",
      "/assets/..%2f..%2fsecret.txt",
      "/..%5c..%5csecret.txt",
      "//etc/passwd",
    ]) {
      const res = await raw(backend, { path, headers: auth });
      expect([403, 404], path).toContain(res.status);
      expect(res.body, path).not.toContain("top secret");
      expect(res.headers["content-type"], path).toContain("application/json");
    }
    const wrongMethod = await raw(backend, { method: "DELETE", path: "/api/status", headers: auth });
    expect(wrongMethod.status).toBe(404);
  });

  it("survives malformed requests and garbage headers, still healthy after", async () => {
    const backend = await testBackend();
    const { connect } = await import("node:net");
    for (const garbage of [
      "GARBAGE\r\n\r\n",
      "GET / HTTP/1.1\r\nHost: \u0000\r\n\r\n",
      "GET /api/status HTTP/1.1\r\n\r\n",
    ]) {
      await new Promise<void>((resolve) => {
        const socket = connect(backend.port, "127.0.0.1", () => socket.end(garbage));
        socket.on("data", () => undefined);
        socket.on("close", () => resolve());
        socket.on("error", () => resolve());
      });
    }
    const weird = await raw(backend, { headers: { authorization: "Bearer", cookie: "turnkey_token=%E0%A4%A" } });
    expect(weird.status).toBe(401);
    expect((await raw(backend, { path: "/api/health" })).status).toBe(200);
    expect((await jsonPost(backend, "/api/sidecar/stop")).status).toBe(200);
  });
});
