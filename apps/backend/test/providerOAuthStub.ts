// A model provider's sign-in service, for the sign-in tests, and the opencode plugin that signs in
// to it: the plugin's `auth` hook registers, for a provider opencode knows, a "code" method
// (the page shows a code, the person pastes it back; /token swaps it), an "auto" device-code method
// (the person enters a user code on the page; the plugin polls /device/token until the stub is told
// the person approved, refused, or the code expired) and an API key method; its loader hands
// opencode the access token as the provider's key. The stub decides every outcome, so the tests
// drive refusal, expiry and an unreachable provider with no timing.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

/**
 * The provider the plugin signs in to: one opencode knows from its own list (models.dev) and has no
 * sign-in of its own for, so it is "not connected" until signed in (a provider defined in the
 * config counts as connected by the config, key or not).
 */
export const signInProviderID = "deepseek";

export interface ProviderOAuthStub {
  url: string;
  /** The code the "code" method's page shows. */
  readonly pageCode: string;
  /** The device flow's user code, shown in the instructions. */
  readonly userCode: string;
  /** Every access and refresh token the stub handed out. */
  tokens: string[];
  /** What the person did on the device page; "pending" until then. */
  device: "pending" | "approved" | "denied" | "expired";
  /** While set, every request's connection is cut, as an unreachable provider's would be. */
  down: boolean;
  /** How many times the plugin asked /device/token since the last authorize. */
  polls: number;
  /** Resolves at the next poll (so a test knows the plugin is waiting). */
  nextPoll(): Promise<void>;
  /** opencode config naming the plugin (written in a temp folder of the stub's). */
  opencodeConfig(): Record<string, unknown>;
  close(): Promise<void>;
}

export async function startProviderOAuthStub(): Promise<ProviderOAuthStub> {
  let serial = 0;
  const waiters: (() => void)[] = [];
  const stub: Omit<ProviderOAuthStub, "url" | "opencodeConfig" | "close"> = {
    pageCode: "PAGE-CODE-1234",
    userCode: "WXYZ-7890",
    tokens: [],
    device: "pending",
    down: false,
    polls: 0,
    nextPoll: () => new Promise<void>((resolve) => waiters.push(resolve)),
  };
  const issue = (res: import("node:http").ServerResponse) => {
    serial += 1;
    const access = `stubauth-access-${serial}-${"a".repeat(24)}`;
    const refresh = `stubauth-refresh-${serial}-${"r".repeat(24)}`;
    stub.tokens.push(access, refresh);
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ access, refresh, expires_in: 3600 }));
  };
  const server = createServer((req, res) => {
    req.resume();
    if (stub.down) return req.socket.destroy();
    const url = new URL(req.url ?? "/", "http://stub");
    if (url.pathname === "/device/code") {
      stub.device = "pending";
      stub.polls = 0;
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ user_code: stub.userCode, device_code: "device-1" }));
    } else if (url.pathname === "/device/token") {
      stub.polls += 1;
      for (const resolve of waiters.splice(0)) resolve();
      if (stub.device === "approved") return issue(res);
      res.writeHead(stub.device === "pending" ? 428 : 400, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: stub.device }));
    } else if (url.pathname === "/token") {
      if (url.searchParams.get("code") === stub.pageCode) return issue(res);
      res.writeHead(400, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: "invalid_grant" }));
    } else {
      res.writeHead(200, { "content-type": "text/html" });
      res.end("<p>Sign in</p>");
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const folder = mkdtempSync(join(tmpdir(), "turnkey stubauth-"));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return Object.assign(stub, {
    url,
    opencodeConfig() {
      const file = join(folder, "stubauth-plugin.mjs");
      writeFileSync(file, pluginSource(url));
      return { plugin: [pathToFileURL(file).href] };
    },
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      rmSync(folder, { recursive: true, force: true });
    },
  });
}

/** The plugin, as opencode loads it (plain ESM, run by opencode's Bun). */
function pluginSource(base: string): string {
  return `// Written by providerOAuthStub.ts for a test.
const base = ${JSON.stringify(base)};
const tokens = (j) => ({ type: "success", access: j.access, refresh: j.refresh, expires: Date.now() + j.expires_in * 1000 });
export const StubAuth = async () => ({
  auth: {
    provider: ${JSON.stringify(signInProviderID)},
    loader: async (getAuth) => {
      const auth = await getAuth();
      return auth && auth.type === "oauth" ? { apiKey: auth.access } : {};
    },
    methods: [
      {
        type: "oauth",
        label: "Sign in with a code",
        authorize: async () => ({
          url: base + "/login",
          instructions: "Sign in on the page, then paste the code it shows.",
          method: "code",
          callback: async (code) => {
            const answer = await fetch(base + "/token?code=" + encodeURIComponent(code));
            return answer.ok ? tokens(await answer.json()) : { type: "failed" };
          },
        }),
      },
      {
        type: "oauth",
        label: "Sign in with a device code",
        authorize: async () => {
          const device = await (await fetch(base + "/device/code")).json();
          return {
            url: base + "/device",
            instructions: "Enter code: " + device.user_code,
            method: "auto",
            callback: async () => {
              for (;;) {
                const answer = await fetch(base + "/device/token");
                if (answer.ok) return tokens(await answer.json());
                if (answer.status !== 428) return { type: "failed" };
                await new Promise((resolve) => setTimeout(resolve, 50));
              }
            },
          };
        },
      },
      { type: "api", label: "API key" },
    ],
  },
});
`;
}
