// opencode calls the secrets plugin once per folder in one process. The first call deletes the
// password from process.env; later folders must still ask opencode for its providers with it,
// share one ask, hide more (not less) while the names are unknown, and scrub only once. Run in
// opencode's Bun against a stub of opencode's server that wants the password, as opencode does.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { runInOpencodeBun } from "../../../packages/sidecar/test/opencodeBun.ts";
import { hiddenEnvFileName } from "../src/providerSecrets.ts";
import { environScrubFileName, installSecretsPlugin, secretsPluginDir } from "../src/secretsPlugin.ts";

const root = mkdtempSync(join(tmpdir(), "turnkey-plugin-folders-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const secret = "pw-plugin-folders-0123456789abcdef";

it("a second folder's tools lose every provider key: its asks carry the password, a failed ask hides every secret-looking name, and the scrub runs once", async () => {
  const plugin = installSecretsPlugin(root);
  const script = `
    import { rmSync } from "node:fs";
    const password = process.env.OPENCODE_SERVER_PASSWORD; // read at start, as opencode does
    let now = 1_000_000;
    Date.now = () => now; // the plugin's retry clock, moved by hand
    const asks = [];
    let answers = 0;
    const server = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch(request) {
      const authorized = request.headers.get("authorization") === "Basic " + btoa("opencode:" + password);
      asks.push({ folder: new URL(request.url).searchParams.get("directory"), authorized });
      if (!authorized) return new Response("no", { status: 401 });
      if (answers++ === 0) return new Response("busy", { status: 503 }); // the first ask fails
      return new Response(JSON.stringify({ all: [{ id: "acme", env: ["ACME_SIGNING", "FRIENDLI_TOKEN"] }] }));
    }});
    const logged = [];
    console.error = (...parts) => logged.push(parts.join(" "));
    const { TurnkeySecrets } = await import(${JSON.stringify(plugin)});
    const serverUrl = new URL("http://127.0.0.1:" + server.port);
    const hidden = async (hooks) => {
      const output = { env: {} };
      await hooks["shell.env"]({}, output);
      return Object.keys(output.env).filter((name) => output.env[name] === undefined);
    };
    await TurnkeySecrets({ serverUrl, directory: "/proj/own" }); // the sidecar's own folder
    rmSync(${JSON.stringify(join(secretsPluginDir(root), environScrubFileName))});
    const b = await TurnkeySecrets({ serverUrl, directory: "/proj/b" });
    const failed = await hidden(b); // the shared ask fails (503)
    const soon = await hidden(b); // within a minute: not asked again
    const asksSoon = asks.length;
    now += 61_000;
    const retried = await hidden(b);
    console.log(JSON.stringify({ asks, asksSoon, logged, failed, soon, retried }));
    server.stop(true);`;
  const out = JSON.parse(
    await runInOpencodeBun(script, { OPENCODE_SERVER_PASSWORD: secret, FRIENDLI_TOKEN: "flp-1", ACME_SIGNING: "s-1" }),
  );
  expect(out.asks.every((ask: { authorized: boolean }) => ask.authorized)).toBe(true);
  // While the names are unknown, a name that looks like a secret is hidden anyway (fails closed).
  expect(out.failed).toEqual(expect.arrayContaining(["OPENCODE_SERVER_PASSWORD", "FRIENDLI_TOKEN"]));
  expect(out.soon).toContain("FRIENDLI_TOKEN");
  expect(out.asksSoon).toBe(1);
  // Retried with the password: opencode's own names, also those no pattern would guess.
  expect(out.retried).toEqual(expect.arrayContaining(["ACME_SIGNING", "FRIENDLI_TOKEN"]));
  expect(out.asks).toHaveLength(2);
  expect(JSON.parse(readFileSync(join(secretsPluginDir(root), hiddenEnvFileName), "utf8")).names).toEqual([
    "ACME_SIGNING",
    "FRIENDLI_TOKEN",
  ]);
  // The scrub and its report ran for the first folder only: the doctor shows that first result.
  expect(existsSync(join(secretsPluginDir(root), environScrubFileName))).toBe(false);
  expect(out.logged).toEqual(["OpenCode Turnkey could not learn the provider key names: GET /provider answered 503"]);
}, 120_000);

it("a names file a tool wrote hides no path, URL or command line from tools: JAVA_HOME, SSL_CERT_FILE, SSH_AUTH_SOCK stay", async () => {
  const dataDir = mkdtempSync(join(root, "poisoned-"));
  const plugin = installSecretsPlugin(dataDir);
  const ordinary = {
    JAVA_HOME: "/usr/lib/jvm/java-17-openjdk-amd64",
    SSL_CERT_FILE: "/etc/ssl/certs/ca-certificates.crt",
    SSH_AUTH_SOCK: "/tmp/ssh-XXXXnHk2Jq/agent.12345",
    HTTPS_PROXY: "http://proxy.corp.example:3128",
  };
  const names = [...Object.keys(ordinary), "ACME_SIGNING", "OPENAI_API_KEY"];
  writeFileSync(join(secretsPluginDir(dataDir), hiddenEnvFileName), JSON.stringify({ opencode: "x", names }));
  // Not loaded by opencode's server (no serverUrl): the tool goes by the file alone.
  const script = `
    const { TurnkeySecrets } = await import(${JSON.stringify(plugin)});
    const hooks = await TurnkeySecrets({});
    const output = { env: {} };
    await hooks["shell.env"]({}, output);
    console.log(JSON.stringify(Object.keys(output.env).filter((name) => output.env[name] === undefined)));`;
  const hidden = JSON.parse(
    await runInOpencodeBun(script, {
      ...ordinary,
      ACME_SIGNING: "acme-signing-0123456789abcdef",
      OPENAI_API_KEY: "sk-1",
    }),
  );
  expect(hidden).toEqual(expect.arrayContaining(["ACME_SIGNING", "OPENAI_API_KEY"]));
  expect(hidden.filter((name: string) => name in ordinary)).toEqual([]);
}, 120_000);

it("hides the console login's token from tools and local MCP servers once the key names are learnt (review 6, S5)", async () => {
  const dataDir = mkdtempSync(join(root, "console-"));
  const plugin = installSecretsPlugin(dataDir);
  // Learnt names: the rule that hides only OpenCode's provider keys and *_API_KEY names.
  writeFileSync(
    join(secretsPluginDir(dataDir), hiddenEnvFileName),
    JSON.stringify({ opencode: "x", names: ["ACME_SIGNING"] }),
  );
  const script = `
    const { TurnkeySecrets } = await import(${JSON.stringify(plugin)});
    const hooks = await TurnkeySecrets({});
    process.env.OPENCODE_CONSOLE_TOKEN = "console-token-0123456789"; // as opencode does, logged in to an organisation
    const output = { env: {} };
    await hooks["shell.env"]({}, output);
    const config = { mcp: { local: { type: "local", command: ["x"] } } };
    await hooks.config(config);
    console.log(JSON.stringify({
      tool: Object.keys(output.env).filter((name) => output.env[name] === undefined),
      mcp: config.mcp.local.environment,
    }));`;
  const out = JSON.parse(await runInOpencodeBun(script, { ACME_SIGNING: "acme-signing-0123456789abcdef" }));
  expect(out.tool).toEqual(expect.arrayContaining(["OPENCODE_CONSOLE_TOKEN", "ACME_SIGNING"]));
  expect(out.mcp.OPENCODE_CONSOLE_TOKEN).toBe("");
}, 120_000);
