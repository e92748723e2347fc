// The control API under random input: methods, paths, Host, Origin, Authorization,
// Content-Type, Content-Length and bodies from fast-check, plus raw malformed bytes. Every answer
// must be a documented status, the process must survive, and nothing unauthenticated may change
// the sidecar.

import { mkdtempSync, rmSync } from "node:fs";
import { request } from "node:http";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { type Backend, startBackend } from "../apps/backend/src/startBackend.ts";
import { fakeOpencode } from "../packages/sidecar/test/harness.ts";
import { recordFigures, settings } from "./harness.ts";

const root = mkdtempSync(join(tmpdir(), "turnkey-chaos-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Every status the API documents (README, "Control API"); anything else is a bug. */
const documented = new Set([200, 201, 202, 302, 400, 401, 403, 404, 413, 415, 502, 503]);

interface FuzzRequest {
  method: string;
  path: string;
  host: "ok" | "foreign" | "no-port" | "other-port" | "garbage";
  origin: "none" | "same" | "foreign" | "null";
  auth: "none" | "wrong" | "prefix" | "valid" | "cookie" | "garbage";
  contentType: string | null;
  declaredLength: "exact" | "huge";
  body: string;
}

const segment = fc.oneof(
  fc.constantFrom(
    "api",
    "sidecar",
    "start",
    "stop",
    "restart",
    "repair",
    "status",
    "logs",
    "events",
    "sessions",
    "models",
  ),
  fc.constantFrom("providers", "settings", "diagnostics", "runtime", "health", "messages", "abort", "chat", "assets"),
  fc.constantFrom("..", "%2e%2e", "%2F", "%00", "..%5c", "ses_x", "index.html", "?token=x", ";", "~", "%"),
  fc.stringMatching(/^[A-Za-z0-9._~-]{0,12}$/),
);
const arbitraryRequest: fc.Arbitrary<FuzzRequest> = fc.record({
  method: fc.constantFrom("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD"),
  path: fc.array(segment, { minLength: 0, maxLength: 5 }).map((parts) => `/${parts.join("/")}`),
  host: fc.constantFrom("ok", "ok", "foreign", "no-port", "other-port", "garbage"),
  origin: fc.constantFrom("none", "none", "same", "foreign", "null"),
  auth: fc.constantFrom("none", "wrong", "prefix", "valid", "valid", "cookie", "garbage"),
  contentType: fc.constantFrom(
    null,
    "application/json",
    "text/plain",
    "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=x",
    "application/json; charset=utf-8",
    "garbage/\u00e9",
  ),
  declaredLength: fc.constantFrom("exact", "exact", "exact", "huge"),
  body: fc.oneof(
    fc.constant(""),
    fc.json({ maxDepth: 3 }),
    fc.string({ maxLength: 200 }),
    fc.constant('{"profile":"inherit"}'),
  ),
});

function send(backend: Backend, r: FuzzRequest): Promise<number> {
  const port = backend.port;
  const host = {
    ok: `127.0.0.1:${port}`,
    foreign: "evil.example",
    "no-port": "127.0.0.1",
    "other-port": `localhost:${port + 1}`,
    garbage: "\t:::",
  }[r.host];
  const headers: Record<string, string> = { host };
  if (r.origin !== "none")
    headers.origin = { same: `http://127.0.0.1:${port}`, foreign: "http://evil.example", null: "null" }[r.origin];
  const token = backend.token;
  if (r.auth === "wrong") headers.authorization = "Bearer not-the-token";
  if (r.auth === "prefix") headers.authorization = `Bearer ${token.slice(0, 20)}`;
  if (r.auth === "valid") headers.authorization = `Bearer ${token}`;
  if (r.auth === "cookie") headers.cookie = `turnkey_token=${token}`;
  if (r.auth === "garbage") headers.authorization = "Basic \u00ff\u00fe";
  if (r.contentType) headers["content-type"] = r.contentType;
  const body = Buffer.from(r.body);
  const hasBody = r.method !== "GET" && r.method !== "HEAD";
  if (hasBody) headers["content-length"] = r.declaredLength === "huge" ? String(5 * 1024 * 1024) : String(body.length);
  return new Promise((resolve) => {
    // A connection of its own: after a lying Content-Length, a reused socket would carry the
    // next request as the rest of that body.
    const req = request(
      { host: "127.0.0.1", port, method: r.method, path: r.path, headers, timeout: 5_000, agent: false },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
        res.on("error", () => resolve(res.statusCode ?? 0));
      },
    );
    req.on("timeout", () => req.destroy());
    req.on("error", (error: NodeJS.ErrnoException) => {
      // Node's client refuses some inputs itself (ERR_INVALID_CHAR…): nothing reached the server.
      if (error.code?.startsWith("ERR_")) resolve(-2);
      else resolve(-1); // the server closed on us: allowed for a huge declared body
    });
    if (hasBody && body.length > 0) req.write(body);
    req.end();
  });
}

/**
 * Could this request act with our authority? (the token as Bearer, our Host, no foreign Origin;
 * a cookie is no credential: any other loopback port could have set it)
 */
const authorized = (r: FuzzRequest) =>
  r.auth === "valid" && r.host === "ok" && (r.origin === "none" || r.origin === "same");

describe("fuzzing the control API", () => {
  it(`answers ${settings.fuzzRuns} random requests with documented statuses, unchanged by unauthenticated ones`, async () => {
    const backend = await startBackend({
      dataDir: join(root, "data"),
      opencodeBin: fakeOpencode,
      autostart: false,
      uiDir: null,
      supervisor: { env: { FAKE_OPENCODE: "" }, graceMs: 300 },
      // GET /api/runtime may look for updates: never on the real npm registry from a test.
      runtimeUpdates: { registry: "http://127.0.0.1:9/" },
    });
    const statuses = new Map<number, number>();
    let tried = 0;
    let closedOnHugeBody = 0;
    let notSendable = 0;
    try {
      await backend.supervisor.start();
      await fc.assert(
        fc.asyncProperty(arbitraryRequest, async (r) => {
          const before = backend.supervisor.status();
          const status = await send(backend, r);
          tried++;
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
          if (status === -2) {
            notSendable++;
          } else if (status === -1) {
            expect(r.declaredLength).toBe("huge");
            closedOnHugeBody++;
          } else {
            expect(documented.has(status), `${r.method} ${r.path} → ${status}`).toBe(true);
          }
          if (!authorized(r)) {
            const after = backend.supervisor.status();
            expect(after.pid).toBe(before.pid);
            expect(after.state).toBe(before.state);
          } else if (backend.supervisor.status().state !== "running") {
            await backend.supervisor.start(); // an authorized stop or repair: put things back
          }
        }),
        { numRuns: settings.fuzzRuns },
      );

      // Raw bytes no HTTP client would send.
      const garbage = fc.sample(fc.uint8Array({ minLength: 1, maxLength: 300 }), Math.ceil(settings.fuzzRuns / 4));
      garbage.push(Buffer.from("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n"));
      garbage.push(
        Buffer.from("POST /api/sidecar/stop HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\nzz\r\n"),
      );
      for (const bytes of garbage) {
        await new Promise<void>((resolve) => {
          const socket = connect(backend.port, "127.0.0.1", () => socket.end(bytes));
          socket.setTimeout(2_000, () => socket.destroy());
          socket.on("data", () => undefined);
          socket.on("close", () => resolve());
          socket.on("error", () => resolve());
        });
      }
      const pid = backend.supervisor.status().pid;
      const health = await fetch(`${backend.url}/api/health`);
      expect(health.status).toBe(200);
      expect(backend.supervisor.status()).toMatchObject({ state: "running", pid });
      recordFigures("fuzz", {
        requests: tried,
        rawByteInputs: garbage.length,
        statuses: Object.fromEntries([...statuses].sort(([a], [b]) => a - b)),
        closedOnHugeDeclaredBody: closedOnHugeBody,
        refusedByTheHttpClientItself: notSendable,
        undocumentedStatuses: 0,
        processSurvived: true,
      });
    } finally {
      await backend.close();
    }
  });
});
