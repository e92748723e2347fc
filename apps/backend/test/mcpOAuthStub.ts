// A remote MCP server behind OAuth, for the sign-in tests: every MCP request without its token is
// answered 401 with the protected-resource metadata (so opencode reports `needs_auth`); it serves
// the authorization-server metadata, registers any client (dynamic client registration), its
// /authorize sends the browser straight back with a code (no login page: the "person" agreed), and
// /token swaps that code for the token. With the token, it is a minimal MCP server with one tool.
// With `registration: false` its registration endpoint refuses every client, as a service that
// hands out client ids only by hand does (opencode 1.18.33 then reports needs_client_registration,
// when the refusal names OAuth and registration), until the config gives OpenCode a client id.
import { randomInt } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A port nothing listens on now, for opencode's sign-in listener (the server's `oauth.callbackPort`):
 * its default, 19876, would be shared by two tests running at once. opencode binds it only when a
 * sign-in starts, seconds later, so it is taken below the system's ephemeral range (Linux
 * 32768–60999, /proc/sys/net/ipv4/ip_local_port_range; Windows since Vista and macOS 49152–65535,
 * Microsoft KB 929851): there no other test's port-0 listener and no connection's local port can
 * land on it in the meantime, as they could on a port a port-0 listener had just given back. Any
 * refusal (in use, or a range Windows reserves for Hyper-V) means: try another.
 */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = 20_000 + randomInt(12_000);
    const probe = createServer();
    const free = await new Promise<boolean>((resolve) => {
      probe.once("error", () => resolve(false));
      probe.listen(port, "127.0.0.1", () => resolve(true));
    });
    if (!free) continue;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    return port;
  }
  throw new Error("No free port between 20000 and 32000 after 100 tries.");
}

export interface McpOAuthStub {
  /** The MCP endpoint to put in opencode.json (`{"type": "remote", "url": …}`). */
  url: string;
  /** Every request's method and path, in order (to assert what opencode did). */
  seen: string[];
  /** While set, every code is refused at /token (400 invalid_grant), as a sign-in service may. */
  refuseTokens: boolean;
  close(): Promise<void>;
}

const token = "stub-mcp-access-token";

export async function startMcpOAuthStub(options: { registration?: boolean } = {}): Promise<McpOAuthStub> {
  const seen: string[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const url = new URL(req.url ?? "/", base);
      seen.push(`${req.method} ${url.pathname}`);
      const json = (status: number, value: unknown) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(value));
      };
      if (url.pathname.startsWith("/.well-known/oauth-protected-resource"))
        return json(200, { resource: `${base}/mcp`, authorization_servers: [base] });
      if (url.pathname.startsWith("/.well-known/oauth-authorization-server"))
        return json(200, {
          issuer: base,
          authorization_endpoint: `${base}/authorize`,
          token_endpoint: `${base}/token`,
          registration_endpoint: `${base}/register`,
          response_types_supported: ["code"],
          code_challenge_methods_supported: ["S256"],
        });
      if (url.pathname === "/register" && options.registration === false)
        return json(400, {
          error: "invalid_client_metadata",
          error_description: "OAuth client registration is closed: use a client_id given by the provider.",
        });
      if (url.pathname === "/register")
        return json(201, { client_id: "stub-client", redirect_uris: JSON.parse(body || "{}").redirect_uris });
      if (url.pathname === "/authorize") {
        const back = new URL(url.searchParams.get("redirect_uri") ?? "");
        back.searchParams.set("code", "stub-code");
        back.searchParams.set("state", url.searchParams.get("state") ?? "");
        res.writeHead(302, { location: back.toString() });
        return res.end();
      }
      if (url.pathname === "/token") {
        if (stub.refuseTokens) {
          return json(400, { error: "invalid_grant", error_description: "The code has expired." });
        }
        return json(200, { access_token: token, token_type: "Bearer", expires_in: 3600 });
      }
      if (req.headers.authorization !== `Bearer ${token}`) {
        res.writeHead(401, {
          "www-authenticate": `Bearer resource_metadata="${base}/.well-known/oauth-protected-resource"`,
        });
        return res.end("Sign in first.");
      }
      if (req.method !== "POST") {
        res.writeHead(405);
        return res.end();
      }
      const message = JSON.parse(body || "{}") as {
        id?: number;
        method?: string;
        params?: { protocolVersion?: string };
      };
      if (message.id === undefined) {
        res.writeHead(202);
        return res.end();
      }
      const result =
        message.method === "initialize"
          ? {
              protocolVersion: message.params?.protocolVersion ?? "2024-11-05",
              capabilities: { tools: {} },
              serverInfo: { name: "turnkey-oauth-stub", version: "1.0.0" },
            }
          : message.method === "tools/list"
            ? { tools: [] }
            : {};
      return json(200, { jsonrpc: "2.0", id: message.id, result });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const stub: McpOAuthStub = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`,
    seen,
    refuseTokens: false,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return stub;
}
