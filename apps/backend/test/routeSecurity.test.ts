// Every API route the app registers, walked from the app's own route table (so a route added
// tomorrow is covered without touching this file): no answer without the launch token, none to a
// foreign Host (DNS rebinding) or a foreign Origin, and no body that is not JSON. Each refusal
// comes before the route runs, so the fake sidecar is never even started.
import { describe, expect, it } from "vitest";
import { bearer, raw, testBackend } from "./harness.ts";

/** A concrete path for a pattern: each `:param` filled, a wildcard given one segment. */
const concrete = (pattern: string) => pattern.replace(/:[A-Za-z]+({[^}]*})?/g, "x1").replace(/\*/g, "x1");
const bodyMethods = new Set(["POST", "PUT", "PATCH"]);

describe("every registered API route", () => {
  it("answers 401 without the token, 403 to a foreign Host or Origin, 415 to a body that is not JSON", async () => {
    const backend = await testBackend();
    const routes = backend.routes.filter((r) => r.path !== "/api/health");
    // The walk is real: the table holds the routes of every area.
    expect(routes.length).toBeGreaterThan(30);
    for (const area of [
      "/api/sessions",
      "/api/projects",
      "/api/runtime",
      "/api/sidecar",
      "/api/folders",
      "/api/doctor",
    ])
      expect(
        routes.some((r) => r.path.startsWith(area)),
        area,
      ).toBe(true);

    const host = `127.0.0.1:${backend.port}`;
    for (const { method, path: pattern } of routes) {
      const path = concrete(pattern);
      const what = `${method} ${pattern}`;
      const json: Record<string, string> = bodyMethods.has(method) ? { "content-type": "application/json" } : {};
      const body = bodyMethods.has(method) ? "{}" : undefined;
      const send = (headers: Record<string, string>, text = body) =>
        raw(backend, { method, path, headers, ...(text === undefined ? {} : { body: text }) });

      const anonymous = await send(json);
      expect(anonymous.status, what).toBe(401);
      expect(anonymous.json(), what).toMatchObject({ error: { code: "unauthorized" } });
      for (const foreign of ["evil.example", `evil.example:${backend.port}`, "127.0.0.1.nip.io"]) {
        expect((await send({ ...bearer(backend), ...json, host: foreign })).status, `${what} Host ${foreign}`).toBe(
          403,
        );
      }
      for (const origin of ["http://evil.example", `http://localhost:${backend.port + 1}`, "null"]) {
        expect((await send({ ...bearer(backend), ...json, host, origin })).status, `${what} Origin ${origin}`).toBe(
          403,
        );
      }
      if (bodyMethods.has(method)) {
        const plain = await send({ ...bearer(backend), "content-type": "text/plain" }, "{}");
        expect(plain.status, `${what} text/plain`).toBe(415);
      }
    }
    // Nothing above reached a route: the sidecar was never started.
    expect(backend.supervisor.status().state).toBe("stopped");
  });
});
