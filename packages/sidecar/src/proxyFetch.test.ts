// The proxied path as the real registry uses it: an https URL through HTTPS_PROXY, TLS inside a
// CONNECT tunnel, answered with a fetch Response (status, headers, a streamed body), redirects
// followed. The certificate is made for the test with openssl.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:https";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startConnectProxy } from "../test/connectProxy.ts";
import { cleanup, tempDir } from "../test/harness.ts";
import { registryFetch } from "./proxyFetch.ts";

afterEach(cleanup);

function selfSignedCertificate(): { key: Buffer; cert: Buffer } | null {
  const dir = tempDir();
  try {
    execFileSync(
      "openssl",
      ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1"]
        .concat(["-addext", "subjectAltName=IP:127.0.0.1"])
        .concat(["-keyout", join(dir, "key.pem"), "-out", join(dir, "cert.pem")]),
      { stdio: "ignore" },
    );
  } catch {
    return null; // no openssl (a Windows runner may lack it)
  }
  return { key: readFileSync(join(dir, "key.pem")), cert: readFileSync(join(dir, "cert.pem")) };
}

const certificate = selfSignedCertificate();

describe("registry requests through a proxy", () => {
  it.skipIf(!certificate)(
    "an https URL goes through HTTPS_PROXY's tunnel, with TLS inside it, and follows a redirect (needs openssl for its certificate)",
    async () => {
      const server = createServer(certificate!, (req, res) => {
        if (req.url === "/old") res.writeHead(302, { location: "/pkg" }).end();
        else res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ url: req.url }));
      });
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      const proxy = await startConnectProxy();
      const before = process.env.NODE_TLS_REJECT_UNAUTHORIZED;
      // The test's own certificate is not in Node's store; verification is not what is tested here.
      process.env.NODE_TLS_REJECT_UNAUTHORIZED = "0";
      try {
        const target = `127.0.0.1:${(server.address() as AddressInfo).port}`;
        const fetchVia = registryFetch({ HTTPS_PROXY: proxy.url });
        const response = await fetchVia(`https://${target}/old`, {
          headers: { accept: "application/json" },
          signal: AbortSignal.timeout(10_000),
        });
        expect(response.status).toBe(200);
        expect(response.headers.get("content-type")).toBe("application/json");
        expect(await response.json()).toEqual({ url: "/pkg" });
        expect(proxy.tunnels.length).toBeGreaterThan(0);
        expect(new Set(proxy.tunnels)).toEqual(new Set([target]));
      } finally {
        if (before === undefined) delete process.env.NODE_TLS_REJECT_UNAUTHORIZED;
        else process.env.NODE_TLS_REJECT_UNAUTHORIZED = before;
        await proxy.close();
        await new Promise((resolve) => server.close(resolve));
      }
    },
  );
});
