// A secret inside a remote server's address or a local server's arguments, through real files: the
// edit form reads it as {hidden} and never as itself, an edit that leaves the mark keeps the file's
// value in its place, a mark the file cannot fill is a sentence with the file untouched, and
// OpenCode's error words quoting the address are hidden the same way.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { maskUrl } from "./hiddenAddress.ts";
import { McpConfigError } from "./mcpConfigError.ts";
import type { OpencodePaths } from "./mcpConfigFiles.ts";
import { saveServer, serverConfig } from "./mcpConfigs.ts";
import { maskCommand, maskSecretsIn, unwrapMasked } from "./mcpHiddenParts.ts";

let root: string;
let paths: OpencodePaths;
const env = {};
const token = "tok-literal-secret-0123456789";
const file = () => join(paths.directory, "opencode.json");

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "turnkey mcp hidden-"));
  paths = { directory: join(root, "p"), worktree: join(root, "p"), home: join(root, "h"), config: join(root, "c") };
  for (const dir of [paths.directory, paths.home, paths.config]) mkdirSync(dir, { recursive: true });
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const write = (mcp: unknown) => writeFileSync(file(), JSON.stringify({ mcp }, null, 2));

describe("a secret in an MCP server's address or arguments", () => {
  it("reads the address's token and password as {hidden}, and keeps them through an edit of the path", () => {
    write({ api: { type: "remote", url: `https://me:${token}@example.com/mcp?region=eu&api_key=${token}` } });
    const read = serverConfig(paths, env, "api");
    expect(JSON.stringify(read)).not.toContain(token);
    expect(read.entry).toMatchObject({ url: "https://me:{hidden}@example.com/mcp?region=eu&api_key={hidden}" });

    const url = "https://me:{hidden}@example.com/v2/mcp?region=us&api_key={hidden}";
    saveServer(paths, env, "api", {
      scope: "project",
      create: false,
      entry: { type: "remote", url, headers: [], clientId: null, enabled: true, timeoutMs: null },
    });
    const after = JSON.parse(readFileSync(file(), "utf8")).mcp.api.url;
    expect(after).toBe(`https://me:${token}@example.com/v2/mcp?region=us&api_key=${token}`);
  });

  it("reads a credential flag's value, a header argument and an address argument as {hidden}, and keeps them", () => {
    const command = [
      "npx",
      "mcp-remote",
      `https://example.com/mcp?token=${token}`,
      "--header",
      `Authorization: Bearer ${token}`,
      "--api-key",
      token,
      `--secret=${token}`,
      "--port",
      "3000",
      "--token={env:MY_TOKEN}",
    ];
    write({ tools: { type: "local", command } });
    const read = serverConfig(paths, env, "tools");
    expect(JSON.stringify(read)).not.toContain(token);
    const shown = read.entry.type === "local" ? read.entry.command : [];
    expect(shown).toEqual([
      "npx",
      "mcp-remote",
      "https://example.com/mcp?token={hidden}",
      "--header",
      "Authorization: {hidden}",
      "--api-key",
      "{hidden}",
      "--secret={hidden}",
      "--port",
      "3000",
      "--token={env:MY_TOKEN}",
    ]);
    // The form sends what it shows, with one argument added: every hidden value is the file's again.
    saveServer(paths, env, "tools", {
      scope: "project",
      create: false,
      entry: { type: "local", command: [...shown, "--verbose"], environment: [], enabled: true, timeoutMs: null },
    });
    expect(JSON.parse(readFileSync(file(), "utf8")).mcp.tools.command).toEqual([...command, "--verbose"]);
  });

  it("hides a token standing alone, in the address's path (Zapier's) or as an argument, and keeps it through an edit", () => {
    const zapier = "ZjM4ZTk1OWQtNGRiYy00YTk2LWJjY2Ut0Dk3MmQ";
    const ghp = "ghp_R8c3kLq0ZxT5vN2mWp7yHs4dJf9aBe1Gu6Ci";
    write({
      zap: { type: "remote", url: `https://mcp.zapier.com/api/mcp/s/${zapier}/mcp` },
      gh: { type: "local", command: ["npx", "-y", "@modelcontextprotocol/server-github@2025.4.8", ghp] },
    });
    const zap = serverConfig(paths, env, "zap");
    expect(zap.entry).toMatchObject({ url: "https://mcp.zapier.com/api/mcp/s/{hidden}/mcp" });
    const gh = serverConfig(paths, env, "gh");
    expect(gh.entry).toMatchObject({
      command: ["npx", "-y", "@modelcontextprotocol/server-github@2025.4.8", "{hidden}"],
    });
    expect(JSON.stringify([zap, gh])).not.toMatch(new RegExp(`${zapier}|${ghp}`));
    // The form sends what it shows, the address's query changed: the hidden parts are the file's again.
    saveServer(paths, env, "zap", {
      scope: "global",
      create: false,
      entry: {
        type: "remote",
        url: "https://mcp.zapier.com/api/mcp/s/{hidden}/mcp?region=eu",
        headers: [],
        clientId: null,
        enabled: true,
        timeoutMs: null,
      },
    });
    const saved = JSON.parse(readFileSync(join(paths.config, "opencode.json"), "utf8")).mcp.zap.url;
    expect(saved).toBe(`https://mcp.zapier.com/api/mcp/s/${zapier}/mcp?region=eu`);
    expect(maskSecretsIn(`MCP error 401 at https://mcp.zapier.com/api/mcp/s/${zapier}/mcp`)).toBe(
      "MCP error 401 at https://mcp.zapier.com/api/mcp/s/{hidden}/mcp",
    );
  });

  it("takes no name, model, version, date, hash or GUID for a token (a project save would be refused)", () => {
    const sha = "9fceb02d0ae598e95dc970b74767f19372d61af8";
    const guid = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    const plain = [
      "https://example.com/v1/mcp/server-github/2024-11-05",
      "https://api.example.com/projects/ProjectAlpha2024Release/mcp",
      "https://gitmcp.io/microsoft/TypeScriptLanguageService2",
      `https://example.com/u/${guid}/sse?ref=${sha}`,
      "https://example.com/sse?since=2024-11-05T10:00:00Z",
    ];
    for (const url of plain) expect(maskUrl(url)).toBe(url);
    const command = [
      "uvx",
      "mcp-server-sqlite",
      "--db-path",
      "./data/Customers2024.db",
      "sk-mcp-server-tools",
      "2024-11-05",
      "--profile",
      "MyAwsProfile2024Prod",
      "--model=DeepSeek-R1-Distill-Llama-70B",
      "Qwen3-Coder-30B-A3B-Instruct",
      "MyCompanyInternalToolsServer2024Prod",
      "--commit",
      sha,
      "--tenant",
      guid,
    ];
    expect(maskCommand(command)).toEqual(command);
    expect(
      maskCommand([
        "server",
        "eyJhbGciOiJIUzI1NiJ9.eyJyb2xlIjoic2VydmljZSJ9.abcDEF123ghiJKL456",
        "shpat_0123456789abcdef0123",
      ]),
    ).toEqual(["server", "{hidden}", "{hidden}"]);
  });

  it("keeps lone hidden values in order when an argument beside them changes, and refuses when one of two was removed", () => {
    const ghp = "ghp_R8c3kLq0ZxT5vN2mWp7yHs4dJf9aBe1Gu6Ci";
    const openai = "sk-proj-Xa81kQ0zLm29Pq7RtY4vWs6nBc3dEf5G";
    const command = ["npx", "-y", "server-github@2025.4.8", ghp, openai];
    write({ gh: { type: "local", command } });
    const shown = serverConfig(paths, env, "gh").entry;
    expect(shown).toMatchObject({ command: ["npx", "-y", "server-github@2025.4.8", "{hidden}", "{hidden}"] });
    const save = (args: string[]) =>
      saveServer(paths, env, "gh", {
        scope: "global",
        create: false,
        entry: { type: "local", command: args, environment: [], enabled: true, timeoutMs: null },
      });
    const saved = () => JSON.parse(readFileSync(join(paths.config, "opencode.json"), "utf8")).mcp.gh.command;
    save(["npx", "-y", "--verbose", "server-github@2025.5.1", "{hidden}", "{hidden}"]);
    expect(saved()).toEqual(["npx", "-y", "--verbose", "server-github@2025.5.1", ghp, openai]);
    // Which of the two was meant cannot be told: refused with a sentence, the file as it was.
    const before = readFileSync(join(paths.config, "opencode.json"), "utf8");
    expect(() => save(["npx", "-y", "--verbose", "server-github@2025.5.1", "{hidden}"])).toThrow(
      /hold 1 hidden value standing alone and the file 2: which is which cannot be told/,
    );
    expect(readFileSync(join(paths.config, "opencode.json"), "utf8")).toBe(before);
  });

  it("keeps an address's hidden path part through an edit around it, as an argument too, but not for another host", () => {
    const key = "ODc0YjY5ZjEtYTQ2Ny00ZGI2LWE0ZjItNzA1YjQzZWM3ZWY4OjE5YTQ";
    const url = `https://mcp.zapier.com/api/mcp/s/${key}/mcp`;
    write({
      zap: { type: "remote", url },
      bridge: { type: "local", command: ["npx", "mcp-remote", url] },
    });
    const remote = (address: string) => ({
      type: "remote" as const,
      url: address,
      headers: [],
      clientId: null,
      enabled: true,
      timeoutMs: null,
    });
    const global = () => JSON.parse(readFileSync(join(paths.config, "opencode.json"), "utf8")).mcp;
    saveServer(paths, env, "zap", {
      scope: "global",
      create: false,
      entry: remote("https://mcp.zapier.com/v2/api/mcp/s/{hidden}/sse"),
    });
    expect(global().zap.url).toBe(`https://mcp.zapier.com/v2/api/mcp/s/${key}/sse`);
    saveServer(paths, env, "bridge", {
      scope: "global",
      create: false,
      entry: {
        type: "local",
        command: ["npx", "mcp-remote", "https://mcp.zapier.com/api/mcp/s/{hidden}/sse", "--debug"],
        environment: [],
        enabled: true,
        timeoutMs: null,
      },
    });
    expect(global().bridge.command).toEqual([
      "npx",
      "mcp-remote",
      `https://mcp.zapier.com/api/mcp/s/${key}/sse`,
      "--debug",
    ]);
    expect(() =>
      saveServer(paths, env, "zap", {
        scope: "global",
        create: false,
        entry: remote("https://evil.example/api/mcp/s/{hidden}/mcp"),
      }),
    ).toThrow(
      /points elsewhere than the file's \(https:\/\/mcp\.zapier\.com\), so its hidden parts are not carried over/,
    );
    expect(global().zap.url).toBe(`https://mcp.zapier.com/v2/api/mcp/s/${key}/sse`);
  });

  it("refuses a {hidden} the file has no value for, with a sentence, leaving the file as it was", () => {
    write({ api: { type: "remote", url: "https://example.com/mcp" } });
    const before = readFileSync(file(), "utf8");
    const refused = (() => {
      try {
        saveServer(paths, env, "api", {
          scope: "project",
          create: false,
          entry: {
            type: "remote",
            url: "https://example.com/mcp?token={hidden}",
            headers: [],
            clientId: null,
            enabled: true,
            timeoutMs: null,
          },
        });
      } catch (error) {
        return error;
      }
    })();
    expect(refused).toBeInstanceOf(McpConfigError);
    expect((refused as Error).message).toContain('The address\'s "token" is hidden, and the file has no value');
    expect(readFileSync(file(), "utf8")).toBe(before);
  });

  it("leaves what is not a secret as it is, and hides addresses in OpenCode's words", () => {
    expect(maskUrl("https://example.com/mcp?page=2&q=key")).toBe("https://example.com/mcp?page=2&q=key");
    const plain = ["node", "server.mjs", "--port", "3000", "--keyboard", "us", "--monkey=1", "x-key: 1"];
    expect(maskCommand(plain)).toEqual([...plain.slice(0, 7), "x-key: {hidden}"]);
    expect(maskCommand(["node", "--auth", "abc", "--pass=abc", "--client-secret", "abc"])).toEqual([
      "node",
      "--auth",
      "{hidden}",
      "--pass={hidden}",
      "--client-secret",
      "{hidden}",
    ]);
    expect(maskSecretsIn(`MCP error: fetch failed for https://example.com/mcp?access_token=${token} (401)`)).toBe(
      "MCP error: fetch failed for https://example.com/mcp?access_token={hidden} (401)",
    );
  });

  it("hides a key OpenCode's words quote outside an address, and leaves paths, names and hashes", () => {
    const ghp = "ghp_abcdEFGH1234ijklMNOP5678qrstUVWX";
    const jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U";
    const spawned = `spawn npx -y @modelcontextprotocol/server-github ${ghp} ENOENT`;
    expect(maskSecretsIn(spawned)).toBe("spawn npx -y @modelcontextprotocol/server-github {hidden} ENOENT");
    expect(maskSecretsIn(`401 Unauthorized: bearer ${jwt}, token=${ghp}.`)).toBe(
      "401 Unauthorized: bearer {hidden}, token={hidden}.",
    );
    expect(maskSecretsIn(`/home/me/.config/${ghp}/mcp.json`)).toBe("/home/me/.config/{hidden}/mcp.json");
    const plain =
      "MCP error -32000: Connection closed (server-filesystem exited with code 1) in /home/me/Projects/MyAwsProfile2024Prod/src at 9fceb02d0ae598e95dc970b74767f19372d61af8 with Qwen3-Coder-30B-A3B-Instruct-FP8-Dynamic";
    expect(maskSecretsIn(plain)).toBe(plain);
  });

  it("masks the address in OpenCode's refusal of a connect, as it masks the list's errors", () => {
    const refused = {
      error: { data: { message: `SSE error at https://example.com/mcp?access_token=${token}` } },
      response: { status: 500 },
    };
    expect(() => unwrapMasked(refused, 'Starting the MCP server "docs"')).toThrow(
      'Starting the MCP server "docs" failed: SSE error at https://example.com/mcp?access_token={hidden}',
    );
  });
});
