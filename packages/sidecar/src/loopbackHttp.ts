// Calls to the sidecar on 127.0.0.1. node:http with a private agent, not fetch: fetch may be
// routed through HTTP_PROXY (NODE_USE_ENV_PROXY, Electron's session proxy), and a corporate proxy
// must never see, or break, a loopback call that carries the sidecar password.
import { Agent, request } from "node:http";
import { basicAuthHeader } from "./password.ts";

const agent = new Agent({ keepAlive: true, maxSockets: 4 });

export interface LoopbackResponse {
  status: number;
  body: string;
}

export function loopbackRequest(
  url: string,
  options: { method?: string; password: string; timeoutMs: number; path: string; signal?: AbortSignal },
): Promise<LoopbackResponse> {
  return new Promise((resolve, reject) => {
    const target = new URL(options.path, url);
    const req = request(
      target,
      {
        method: options.method ?? "GET",
        agent,
        headers: { authorization: basicAuthHeader(options.password), accept: "application/json" },
        timeout: options.timeoutMs,
        ...(options.signal ? { signal: options.signal } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
        res.on("error", reject);
      },
    );
    req.on("timeout", () => req.destroy(new Error(`no answer within ${options.timeoutMs} ms`)));
    req.on("error", reject);
    req.end();
  });
}

export interface HealthAnswer {
  ok: boolean;
  version: string | null;
  latencyMs: number;
  detail: string;
}

/** `GET /global/health` with basic auth; never throws. */
export async function probeHealth(
  url: string,
  password: string,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<HealthAnswer> {
  const started = performance.now();
  try {
    const res = await loopbackRequest(url, { path: "/global/health", password, timeoutMs, signal });
    const latencyMs = Math.round((performance.now() - started) * 10) / 10;
    if (res.status !== 200) return { ok: false, version: null, latencyMs, detail: `HTTP ${res.status}` };
    const body = JSON.parse(res.body) as { healthy?: unknown; version?: unknown };
    const version = typeof body.version === "string" ? body.version : null;
    return { ok: body.healthy === true, version, latencyMs, detail: body.healthy === true ? "healthy" : "unhealthy" };
  } catch (error) {
    const latencyMs = Math.round((performance.now() - started) * 10) / 10;
    return { ok: false, version: null, latencyMs, detail: (error as Error).message };
  }
}
