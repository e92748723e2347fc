// Backend test set-up: a backend on the fake sidecar in temp folders, and raw HTTP requests
// whose Host, Origin, path and body go out exactly as written (fetch would normalise them).
import { request } from "node:http";
import { afterEach } from "vitest";
import { cleanup, fakeOpencode, fastConfig, tempDir } from "../../../packages/sidecar/test/harness.ts";
import { type Backend, type BackendOptions, startBackend } from "../src/startBackend.ts";

export { tempDir };

const running: Backend[] = [];
afterEach(async () => {
  for (const backend of running.splice(0)) await backend.close();
  await cleanup();
});

export async function testBackend(modes = "", options: Partial<BackendOptions> = {}): Promise<Backend> {
  const backend = await startBackend({
    dataDir: tempDir(),
    opencodeBin: fakeOpencode,
    autostart: false,
    uiDir: null,
    // Nothing in a test reaches the real npm registry: port 9 refuses at once.
    runtimeUpdates: { registry: "http://127.0.0.1:9/" },
    ...options,
    supervisor: {
      graceMs: 500,
      probeTimeoutMs: 200,
      config: fastConfig,
      env: { FAKE_OPENCODE: modes },
      ...options.supervisor,
    },
  });
  running.push(backend);
  return backend;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  json: () => unknown;
}

export function raw(
  backend: { port: number },
  options: { method?: string; path?: string; headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: "127.0.0.1",
        port: backend.port,
        method: options.method ?? "GET",
        path: options.path ?? "/api/status",
        headers: { host: `127.0.0.1:${backend.port}`, ...options.headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const body = Buffer.concat(chunks).toString("utf8");
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body, json: () => JSON.parse(body) });
        });
      },
    );
    req.on("error", reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

export const bearer = (backend: Backend) => ({ authorization: `Bearer ${backend.token}` });
export const jsonPost = (backend: Backend, path: string, body = "{}") =>
  raw(backend, { method: "POST", path, body, headers: { ...bearer(backend), "content-type": "application/json" } });

export { fakeOpencode };
