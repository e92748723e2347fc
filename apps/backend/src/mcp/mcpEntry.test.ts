// Which of a form's values would go into a config file as a literal secret (typedSecrets): what a
// project file git would commit refuses (mcpService.ts), said the way the refusal names them.
import type { McpEntry } from "@turnkey/contracts";
import { describe, expect, it } from "vitest";
import { entryForForm, typedSecrets } from "./mcpEntry.ts";

const local = (command: string[], environment: { name: string; value: string | null }[] = []): McpEntry => ({
  type: "local",
  command,
  environment,
  enabled: true,
  timeoutMs: null,
});
const remote = (url: string, headers: { name: string; value: string | null }[] = []): McpEntry => ({
  type: "remote",
  url,
  headers,
  clientId: null,
  enabled: true,
  timeoutMs: null,
});

describe("typedSecrets", () => {
  it("names a secret written inside a JSON or address argument, not one taken from {env:…} there", () => {
    for (const argument of [
      '{"secrets":{"db":"hunter2"}}',
      "DATABASE_URL=postgres://app:hunter2@db/app",
      '--config={"apiKey":"plain"}',
    ])
      expect(typedSecrets(local(["npx", "server", argument], [])), argument).toEqual(["the secret in the arguments"]);
    for (const argument of [
      '{"secrets":{"db":"{env:DB_PASSWORD}"}}',
      '--config={"apiKey":"{env:KEY}"}',
      '{"max_tokens":4096}',
    ])
      expect(typedSecrets(local(["npx", "server", argument], [])), argument).toEqual([]);
  });

  it("names environment values named like a secret or looking like a key, and not kept, referenced or plain ones", () => {
    const entry = local(
      ["npx", "server"],
      [
        { name: "API_TOKEN", value: "abc123" },
        { name: "CONFIG", value: "sk1234567890abcdefXYZ" },
        { name: "PORT", value: "3000" },
        { name: "LOG_LEVEL", value: "debug" },
        { name: "KEPT_SECRET", value: null },
        { name: "FROM_ENV_KEY", value: "{env:FROM_ENV_KEY}" },
      ],
    );
    expect(typedSecrets(entry)).toEqual(["the value of API_TOKEN", "the value of CONFIG"]);
    // Moved to another file, a kept value is copied there: it counts then.
    expect(typedSecrets(entry, true)).toEqual([
      "the value of API_TOKEN",
      "the value of CONFIG",
      "the value of KEPT_SECRET",
    ]);
  });

  it("judges a hidden value moved to another file by its value in the old one, and an address with a password as a secret", () => {
    const entry = local(
      ["npx", "server"],
      [
        { name: "DATABASE_URL", value: null },
        { name: "SLACK_BOT", value: null },
        { name: "PORT", value: null },
      ],
    );
    const before = {
      environment: {
        DATABASE_URL: "postgres://app:hunter2@db.example/app",
        SLACK_BOT: "xoxb-1234567890-abcdefghij",
        PORT: "3000",
      },
    };
    expect(typedSecrets(entry, false, before)).toEqual([]);
    expect(typedSecrets(entry, true, before)).toEqual(["the value of DATABASE_URL", "the value of SLACK_BOT"]);
    expect(
      typedSecrets(local(["npx"], [{ name: "DATABASE_URL", value: "postgres://app:hunter2@db.example/app" }])),
    ).toEqual(["the value of DATABASE_URL"]);
  });

  it("names a secret in the arguments, and not one kept as {hidden}", () => {
    expect(typedSecrets(local(["server", "--api-key=abc123"]))).toEqual(["the secret in the arguments"]);
    expect(typedSecrets(local(["server", "--api-key={hidden}", "--port=3000"]))).toEqual([]);
    expect(typedSecrets(local(["server", "--api-key={hidden}"]), true)).toEqual(["the secret in the arguments"]);
  });

  it("names a credential header and a token in the address, and not a plain header or a header from a variable", () => {
    const entry = remote("https://mcp.example.com/sse?api_key=abc123", [
      { name: "Authorization", value: "Bearer abc123" },
      { name: "X-Api-Key", value: "{env:MCP_KEY}" },
      { name: "Accept", value: "text/event-stream" },
    ]);
    expect(typedSecrets(entry)).toEqual(["the secret in the address", "the Authorization header"]);
    expect(typedSecrets(remote("https://mcp.example.com/sse?api_key={hidden}"))).toEqual([]);
  });

  it("names a token standing alone in the address's path or the arguments, and not a package or a version", () => {
    const zapier = "https://mcp.zapier.com/api/mcp/s/ZjM4ZTk1OWQtNGRiYy00YTk2LWJjY2Ut0Dk3MmQ/mcp";
    expect(typedSecrets(remote(zapier))).toEqual(["the secret in the address"]);
    const github = ["npx", "-y", "@modelcontextprotocol/server-github@2025.4.8"];
    expect(typedSecrets(local([...github, "ghp_R8c3kLq0ZxT5vN2mWp7yHs4dJf9aBe1Gu6Ci"]))).toEqual([
      "the secret in the arguments",
    ]);
    expect(typedSecrets(local(github))).toEqual([]);
    expect(typedSecrets(remote("https://mcp.zapier.com/api/mcp/s/{hidden}/mcp"))).toEqual([]);
  });

  it("judges a header by its value too: a key under a name of the server's own, typed or moved hidden", () => {
    const typed = remote("https://mcp.example.com/mcp", [
      { name: "X-Acme", value: "sk-live-1234567890abcdefXYZ" },
      { name: "Accept", value: "text/event-stream" },
      { name: "Content-Type", value: "application/vnd.api+json" },
      { name: "X-Client", value: "opencode-turnkey-desktop" },
      { name: "Anthropic-Version", value: "2023-06-01" },
    ]);
    expect(typedSecrets(typed)).toEqual(["the X-Acme header"]);
    const hidden = remote("https://mcp.example.com/mcp", [{ name: "X-Acme", value: null }]);
    const before = { headers: { "X-Acme": "xoxb-1234567890-abcdefghij" } };
    expect(typedSecrets(hidden, false, before)).toEqual([]);
    expect(typedSecrets(hidden, true, before)).toEqual(["the X-Acme header"]);
  });

  it("names, when moving, settings the form never showed: an oauth clientSecret, a key under an unknown setting", () => {
    const before = {
      type: "remote",
      url: "https://mcp.acme.com",
      oauth: { clientId: "Iv1a2b3c4d5e6f7a8b9c0d", clientSecret: "s3cr3t-value", scope: "read" },
      cwd: "/srv/acme",
      extra: { token: "{env:ACME_TOKEN}", note: "sk1234567890abcdefXYZ" },
    };
    const entry = remote("https://mcp.acme.com");
    expect(typedSecrets(entry, true, before)).toEqual(["the oauth.clientSecret setting", "the extra.note setting"]);
    // Not moving, the file keeps them where they are: nothing new is written.
    expect(typedSecrets(entry, false, before)).toEqual([]);
  });

  it("hides in the form, and refuses for a committed file, a key under a header name of the server's own", () => {
    const entry = {
      type: "remote",
      url: "https://mcp.acme.com",
      headers: {
        "X-Acme": "sk-live-4f9a8b7c6d5e4f3a2b1c",
        "X-Client-Credential": "Bearer 9f8e7d6c5b4a3f2e1d0c9b8a",
        Accept: "text/event-stream",
      },
    };
    expect(entryForForm(entry)).toMatchObject({
      headers: [
        { name: "X-Acme", value: null },
        { name: "X-Client-Credential", value: null },
        { name: "Accept", value: "text/event-stream" },
      ],
    });
    const typed = remote("https://mcp.acme.com", [
      { name: "X-Client-Credential", value: "Bearer 9f8e7d6c5b4a3f2e1d0c9b8a" },
      { name: "Accept", value: "text/event-stream" },
    ]);
    expect(typedSecrets(typed)).toEqual(["the X-Client-Credential header"]);
  });
});
