// The control API's routes through the typed client: happy paths and each documented error.
import { createServer } from "node:net";
import { createTurnkeyClient, subscribeEvents, TurnkeyApiError } from "@turnkey/client";
import type { SidecarState, TurnkeyEvent } from "@turnkey/contracts";
import { describe, expect, it, vi } from "vitest";
import { PortInUseError, startBackend } from "../src/startBackend.ts";
import { bearer, raw, tempDir, testBackend } from "./harness.ts";

const clientFor = (backend: { url: string; token: string }) =>
  createTurnkeyClient({ baseUrl: backend.url, token: backend.token });

describe("lifecycle routes", () => {
  it("start, stop and restart wait for the transition and answer the settled status", async () => {
    const backend = await testBackend();
    const client = clientFor(backend);
    expect((await client.status()).state).toBe("stopped");
    const started = await client.start();
    expect(started).toMatchObject({ state: "running", binary: { source: "override" } });
    expect(await client.start()).toMatchObject({ state: "running", pid: started.pid }); // idempotent
    const restarted = await client.restart();
    expect(restarted.state).toBe("running");
    expect(restarted.pid).not.toBe(started.pid);
    const stopped = await client.stop();
    expect(stopped).toMatchObject({ state: "stopped", pid: null });
    expect(await client.stop()).toMatchObject({ state: "stopped" }); // idempotent
  });

  it("answers 503 with the reason and the status when the sidecar cannot start", async () => {
    const backend = await testBackend("", { opencodeBin: `${tempDir()}/missing/opencode` });
    const res = await raw(backend, {
      method: "POST",
      path: "/api/sidecar/start",
      headers: { ...bearer(backend), "content-type": "application/json" },
    });
    expect(res.status).toBe(503);
    const body = res.json() as { error: { code: string; message: string }; status: { state: string } };
    expect(body.error.code).toBe("binary_not_found");
    expect(body.error.message).toContain("does not exist");
    expect(body.status.state).toBe("failed");
    await expect(clientFor(backend).restart()).rejects.toMatchObject({
      httpStatus: 503,
      code: "binary_not_found",
      sidecarStatus: { state: "failed" },
    });
  });

  it("never exposes the sidecar password in the status", async () => {
    const backend = await testBackend();
    await clientFor(backend).start();
    const password = backend.supervisor.connection()!.password;
    const res = await raw(backend, { headers: bearer(backend) });
    expect(res.body).not.toContain(password);
    expect(res.json()).toMatchObject({ state: "running", health: { ok: true } });
  });
});

describe("GET /api/logs", () => {
  it("returns the last N lines and refuses a bad limit", async () => {
    const backend = await testBackend();
    const client = clientFor(backend);
    await client.start();
    const { lines } = await client.logs(2);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatchObject({ stream: "supervisor", line: expect.stringContaining("is ready on port") });
    for (const limit of ["abc", "0", "-1", "1001", "1.5"]) {
      const res = await raw(backend, { path: `/api/logs?limit=${limit}`, headers: bearer(backend) });
      expect(res.status, limit).toBe(400);
    }
    await expect(client.logs(0)).rejects.toBeInstanceOf(TurnkeyApiError);
  });
});

describe("GET /api/health/history", () => {
  it("has the checks made before anyone asked, oldest first, so a new window's chart is not empty", async () => {
    const backend = await testBackend();
    const client = clientFor(backend);
    await client.start();
    // Probes run every 100 ms here; wait for three on the live feed, then ask for the past.
    const seen: number[] = [];
    await new Promise<void>((resolve) => {
      const sub = subscribeEvents({
        baseUrl: backend.url,
        token: backend.token,
        onEvent: (event) => {
          if (event.event !== "health") return;
          seen.push(event.data.checkedAt);
          if (seen.length === 3) {
            sub.close();
            resolve();
          }
        },
      });
    });
    const { samples, windowMs } = await client.healthHistory();
    expect(windowMs).toBe(10 * 60_000);
    expect(samples.length).toBeGreaterThanOrEqual(3);
    expect(samples.map((s) => s.checkedAt)).toEqual([...samples.map((s) => s.checkedAt)].sort((a, b) => a - b));
    expect(samples.map((s) => s.checkedAt)).toEqual(expect.arrayContaining(seen));
    expect(samples.every((s) => s.ok && s.latencyMs !== null)).toBe(true);
  });
});

describe("GET /api/events", () => {
  it("sends the status at connect and every transition of start → stop → start, plus log lines", async () => {
    const backend = await testBackend();
    const client = clientFor(backend);
    const states: SidecarState[] = [];
    const events: TurnkeyEvent[] = [];
    const waiters: { predicate: () => boolean; resolve: () => void }[] = [];
    const until = (predicate: () => boolean) =>
      new Promise<void>((resolve) => (predicate() ? resolve() : waiters.push({ predicate, resolve })));
    const sub = subscribeEvents({
      baseUrl: backend.url,
      token: backend.token,
      onEvent: (event) => {
        events.push(event);
        if (event.event === "status" && states.at(-1) !== event.data.state) states.push(event.data.state);
        for (const waiter of waiters.filter((w) => w.predicate())) waiter.resolve();
      },
    });
    try {
      await until(() => states.length === 1);
      await client.start();
      await client.stop();
      await client.start();
      await until(() => states.length >= 7);
      expect(states).toEqual(["stopped", "starting", "running", "stopping", "stopped", "starting", "running"]);
      expect(events.some((e) => e.event === "log" && e.data.line.includes("is ready on port"))).toBe(true);
    } finally {
      sub.close();
    }
  });

  it("sends keep-alive comments", async () => {
    const backend = await testBackend("", { sseKeepAliveMs: 20 });
    const res = await fetch(`${backend.url}/api/events`, { headers: bearer(backend) });
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = "";
    while (!text.includes(": keep-alive")) text += (await reader.read()).value ?? "";
    expect(text).toContain("event: status");
    await reader.cancel();
  });
});

describe("startBackend", () => {
  it("fails with a sentence naming the port when it is taken", async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const attempt = startBackend({ dataDir: tempDir(), port, autostart: false, uiDir: null });
      await expect(attempt).rejects.toBeInstanceOf(PortInUseError);
      // The holder is this very process.
      await expect(attempt).rejects.toThrow(
        new RegExp(`^Port ${port} on 127\\.0\\.0\\.1 is already in use by .+ \\(pid ${process.pid}\\)\\.`),
      );
    } finally {
      blocker.close();
    }
  });

  it("autostarts the sidecar by default", async () => {
    const backend = await testBackend("", { autostart: true });
    const client = clientFor(backend);
    // The start request coalesces with the autostart already under way.
    expect((await client.start()).state).toBe("running");
    expect(backend.supervisor.status().restarts).toBe(0);
  });
});

describe("unexpected errors", () => {
  it("answer a generic 500 and log the cause with its stack", async () => {
    const backend = await testBackend();
    vi.spyOn(backend.supervisor, "status").mockImplementationOnce(() => {
      throw new RangeError("status exploded");
    });
    const res = await raw(backend, { headers: bearer(backend) });
    expect(res.status).toBe(500);
    expect(res.json()).toMatchObject({ error: { code: "internal_error" } });
    expect(res.body).not.toContain("status exploded");
    const logged = backend.supervisor.logs.tail().find((l) => l.line.startsWith("API error on GET /api/status"));
    expect(logged?.line).toContain("RangeError: status exploded");
    expect(logged?.line).toMatch(/\n\s+at /);
  });
});
