// An MCP server's entry added, changed, moved and removed in real files of a temp folder: the
// file's comments, order and indentation stay; a literal secret is hidden in what the form reads
// and kept when the form sends it back hidden; a file that does not parse is left byte for byte.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { McpEntry } from "@turnkey/contracts";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { McpConfigError } from "./mcpConfigError.ts";
import type { OpencodePaths } from "./mcpConfigFiles.ts";
import { keepSwitch, removeServer, saveServer, serverConfig, sources } from "./mcpConfigs.ts";

let root: string;
let paths: OpencodePaths;
const env = {};

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "turnkey mcp config-"));
  paths = {
    directory: join(root, "proj"),
    worktree: join(root, "proj"),
    home: join(root, "home"),
    config: join(root, "cfg"),
  };
  for (const dir of [paths.directory, paths.home, paths.config]) mkdirSync(dir, { recursive: true });
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const projectFile = () => join(paths.directory, "opencode.jsonc");
const secret = "sk-literal-secret-value-123456";
const local = (extra: Partial<Extract<McpEntry, { type: "local" }>> = {}): McpEntry => ({
  type: "local",
  command: ["node", "server.mjs"],
  environment: [],
  enabled: true,
  timeoutMs: null,
  ...extra,
});

describe("an MCP server's entry in opencode's config files", () => {
  it("adds one to a commented project file, keeping its comments, order and indentation", () => {
    const before = '{\n    // the model we use\n    "model": "a/b", // keep me\n    "share": "manual"\n}\n';
    writeFileSync(projectFile(), before);
    const written = saveServer(paths, env, "tools", {
      scope: "project",
      create: true,
      entry: local({ environment: [{ name: "TOKEN", value: "{env:MY_TOKEN}" }] }),
    });
    expect(written).toEqual({ scopes: ["project"], file: projectFile() });
    const after = readFileSync(projectFile(), "utf8");
    expect(
      after.startsWith('{\n    // the model we use\n    "model": "a/b", // keep me\n    "share": "manual",\n'),
    ).toBe(true);
    expect(after).toContain('\n    "mcp": {\n        "tools": {\n            "type": "local",');
    expect(after).toContain('"TOKEN": "{env:MY_TOKEN}"');
    expect(after).not.toContain('"enabled"'); // true is opencode's default
    expect(sources(paths, env).byName.get("tools")).toEqual({
      scope: "project",
      file: projectFile(),
      type: "local",
      enabled: true,
    });
  });

  it("removes the project file it made for a server when that server is removed, and no other", () => {
    const made = join(paths.directory, "opencode.json");
    saveServer(paths, env, "tools", { scope: "project", create: true, entry: local() });
    expect(JSON.parse(readFileSync(made, "utf8")).mcp.tools).toBeTruthy();
    removeServer(paths, env, "tools");
    // Nothing of the user's was in it: it goes, and the repository is as it was.
    expect(existsSync(made)).toBe(false);

    // A file with anything else of theirs (a comment, another key) keeps it, without the server.
    writeFileSync(projectFile(), '{\n  // ours\n  "mcp": {}\n}\n');
    saveServer(paths, env, "tools", { scope: "project", create: true, entry: local() });
    removeServer(paths, env, "tools");
    expect(readFileSync(projectFile(), "utf8")).toContain("// ours");
  });

  it("hides a literal secret from the form and keeps it when the form sends it back hidden", () => {
    saveServer(paths, env, "api", {
      scope: "global",
      create: true,
      entry: {
        type: "remote",
        url: "https://mcp.example.com/mcp",
        headers: [
          { name: "Authorization", value: `Bearer ${secret}` },
          { name: "Accept", value: "application/json" },
        ],
        clientId: null,
        enabled: true,
        timeoutMs: null,
      },
    });
    const globalFile = join(paths.config, "opencode.json");
    expect(readFileSync(globalFile, "utf8")).toContain(secret); // the user's own choice, in their file
    expect(statSync(globalFile).mode & 0o777).toBe(0o600); // a new file is private
    const form = serverConfig(paths, env, "api");
    expect(JSON.stringify(form)).not.toContain(secret);
    expect(form.entry).toMatchObject({
      headers: [
        { name: "Authorization", value: null },
        { name: "Accept", value: "application/json" },
      ],
    });
    // Sent back with the hidden value and a new address: the secret stays, the address changes.
    saveServer(paths, env, "api", {
      scope: "global",
      create: false,
      entry: { ...(form.entry as Extract<McpEntry, { type: "remote" }>), url: "https://mcp.example.com/v2" },
    });
    const text = readFileSync(globalFile, "utf8");
    expect(text).toContain(`"Authorization": "Bearer ${secret}"`);
    expect(text).toContain("https://mcp.example.com/v2");
    // A hidden value the file never had is a sentence, and nothing is written.
    const refused = (() => {
      try {
        saveServer(paths, env, "api", {
          scope: "global",
          create: false,
          entry: {
            ...(form.entry as Extract<McpEntry, { type: "remote" }>),
            headers: [{ name: "X-Key", value: null }],
          },
        });
      } catch (error) {
        return error;
      }
    })();
    expect((refused as McpConfigError).message).toContain('The header "X-Key" has no value in the file to keep');
    expect(readFileSync(globalFile, "utf8")).toBe(text);
  });

  it.skipIf(process.platform === "win32")(
    "makes a file readable by others private when a secret typed in the form goes into it, and only then",
    () => {
      const globalFile = join(paths.config, "opencode.json");
      writeFileSync(globalFile, '{ "model": "a/b" }\n');
      chmodSync(globalFile, 0o644); // whatever the umask
      const remote = (headers: { name: string; value: string }[]): McpEntry => ({
        type: "remote",
        url: "https://mcp.example.com/mcp",
        headers,
        clientId: null,
        enabled: true,
        timeoutMs: null,
      });
      saveServer(paths, env, "plain", {
        scope: "global",
        create: true,
        entry: remote([{ name: "Accept", value: "text/plain" }]),
      });
      expect(statSync(globalFile).mode & 0o777).toBe(0o644); // nothing secret: the user's mode stays
      saveServer(paths, env, "api", {
        scope: "global",
        create: true,
        entry: remote([{ name: "Authorization", value: `Bearer ${secret}` }]),
      });
      expect(readFileSync(globalFile, "utf8")).toContain(secret);
      expect(statSync(globalFile).mode & 0o777).toBe(0o600);
    },
  );

  it("moves a server to the global config with its hidden values, then removes it", () => {
    saveServer(paths, env, "tools", {
      scope: "project",
      create: true,
      entry: local({ environment: [{ name: "API_KEY", value: secret }] }),
    });
    const form = serverConfig(paths, env, "tools");
    expect(form.entry).toMatchObject({ environment: [{ name: "API_KEY", value: null }] });
    const moved = saveServer(paths, env, "tools", { scope: "global", create: false, entry: form.entry });
    expect(moved.scopes).toEqual(["global", "project"]);
    expect(readFileSync(join(paths.config, "opencode.json"), "utf8")).toContain(`"API_KEY": "${secret}"`);
    expect(readFileSync(join(paths.directory, "opencode.json"), "utf8")).not.toContain("tools");
    expect(serverConfig(paths, env, "tools").source.scope).toBe("global");

    removeServer(paths, env, "tools");
    expect(sources(paths, env).byName.has("tools")).toBe(false);
    expect(() => serverConfig(paths, env, "tools")).toThrow(/No config file .* has an MCP server named "tools"/);
  });

  it("puts the new file back when a move cannot take the server out of its old one", () => {
    const globalFile = join(paths.config, "opencode.json");
    const globalText = '{\n  // mine\n  "model": "a/b"\n}\n';
    writeFileSync(globalFile, globalText);
    saveServer(paths, env, "tools", { scope: "project", create: true, entry: local() });
    const projectText = readFileSync(join(paths.directory, "opencode.json"), "utf8");
    const lockedProject = (file: string, text: string) => {
      if (file === join(paths.directory, "opencode.json"))
        throw Object.assign(new Error("EBUSY: resource busy or locked"), { code: "EBUSY" });
      writeFileSync(file, text);
    };
    const refused = (() => {
      try {
        saveServer(paths, env, "tools", { scope: "global", create: false, entry: local() }, lockedProject);
      } catch (error) {
        return error;
      }
    })();
    expect(refused).toBeInstanceOf(McpConfigError);
    expect((refused as McpConfigError).message).toBe(
      `${join(paths.directory, "opencode.json")} could not be written (EBUSY), so the server stays there and ${globalFile} was put back as it was. Check that the file and its folder are yours and writable, then try again. Nothing was changed.`,
    );
    expect(readFileSync(globalFile, "utf8")).toBe(globalText);
    expect(readFileSync(join(paths.directory, "opencode.json"), "utf8")).toBe(projectText);
    expect(serverConfig(paths, env, "tools").source.scope).toBe("project");
  });

  it("keeps the switch in the server's own file, and refuses a name that exists", () => {
    writeFileSync(projectFile(), '{ "mcp": { "tools": { "type": "local", "command": ["x"] } } }\n');
    keepSwitch(paths, env, "tools", false);
    expect(readFileSync(projectFile(), "utf8")).toContain('"enabled": false');
    expect(sources(paths, env).byName.get("tools")?.enabled).toBe(false);
    keepSwitch(paths, env, "tools", true);
    expect(readFileSync(projectFile(), "utf8")).not.toContain("enabled");
    expect(() => saveServer(paths, env, "tools", { scope: "project", create: true, entry: local() })).toThrow(
      /There is already an MCP server named "tools"/,
    );
  });

  it("leaves a file that does not parse as it was, saying where it breaks", () => {
    const broken = '{\n  "mcp": {\n    "tools": { "type": "local", "command": ["x"] }\n  \n';
    writeFileSync(projectFile(), `${broken}// no closing brace`);
    const before = readFileSync(projectFile(), "utf8");
    let error: unknown;
    try {
      saveServer(paths, env, "other", { scope: "project", create: true, entry: local() });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(McpConfigError);
    expect((error as McpConfigError).message).toMatch(/opencode\.jsonc could not be changed because .* at line \d+/);
    expect((error as McpConfigError).message).toContain("Nothing was changed.");
    expect(readFileSync(projectFile(), "utf8")).toBe(before);
  });
});
