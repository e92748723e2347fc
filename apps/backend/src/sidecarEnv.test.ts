// The user's opencode config reaches the sidecar in a private file, never in its environment
// (which every LSP server and MCP server inherits), and is read as opencode reads it (JSONC): a
// config with comments still gets the secrets plugin, and one that does not parse stops the start
// with a sentence instead of starting opencode without the plugin. opencode's `share` setting is
// the user's own choice, never a project folder's "auto".
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ConfigFileError, sidecarEnv, userOpencodeConfig } from "./sidecarEnv.ts";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function temp(): string {
  const dir = mkdtempSync(join(tmpdir(), "turnkey-sidecar-env-"));
  dirs.push(dir);
  return dir;
}

const jsonc = `// the user's own config, as opencode accepts it
{
  /* a provider with a key */
  "provider": { "acme": { "options": { "apiKey": "sk-acme-secret-123456" } } },
  "plugin": ["their-plugin"],
}`;

describe("sidecarEnv", () => {
  it("loads the secrets plugin alone through OPENCODE_CONFIG_CONTENT and the JSONC config from a 0600 file", () => {
    const dataDir = temp();
    const env = sidecarEnv({
      profile: "inherit",
      dataDir,
      user: userOpencodeConfig(null, { OPENCODE_CONFIG_CONTENT: jsonc }),
    });
    const content = JSON.parse(env.OPENCODE_CONFIG_CONTENT!);
    expect(Object.keys(content)).toEqual(["plugin", "share"]);
    expect(content.plugin).toEqual([expect.stringMatching(/^file:.*turnkey-secrets\.js$/)]);
    expect(env.OPENCODE_CONFIG_CONTENT).not.toContain("sk-acme");
    const file = env.OPENCODE_CONFIG!;
    expect(JSON.parse(readFileSync(file, "utf8"))).toEqual({
      provider: { acme: { options: { apiKey: "sk-acme-secret-123456" } } },
      plugin: ["their-plugin"],
    });
    if (process.platform !== "win32") expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it("merges --opencode-config over the user's OPENCODE_CONFIG file in the inherit profile", () => {
    const dir = temp();
    const theirs = join(dir, "theirs.jsonc");
    writeFileSync(theirs, `{ "model": "a/b", "provider": { "x": { "name": "X" } }, }`);
    const given = join(dir, "given.json");
    writeFileSync(given, JSON.stringify({ provider: { y: { name: "Y" } } }));
    const user = userOpencodeConfig(given, { OPENCODE_CONFIG: theirs });
    const inherit = sidecarEnv({ profile: "inherit", dataDir: join(dir, "data"), user });
    expect(JSON.parse(readFileSync(inherit.OPENCODE_CONFIG!, "utf8"))).toEqual({
      model: "a/b",
      provider: { x: { name: "X" }, y: { name: "Y" } },
    });
    // The managed profile is a clean slate: only what was given.
    const managed = sidecarEnv({ profile: "managed", dataDir: join(dir, "data2"), user });
    expect(JSON.parse(readFileSync(managed.OPENCODE_CONFIG!, "utf8"))).toEqual({ provider: { y: { name: "Y" } } });
  });

  it("keeps the user's OPENCODE_CONFIG out of a managed sidecar with nothing given", () => {
    const env = sidecarEnv({ profile: "managed", dataDir: temp(), user: userOpencodeConfig(null, {}) });
    expect("OPENCODE_CONFIG" in env && env.OPENCODE_CONFIG === undefined).toBe(true);
  });

  it("says share \"manual\" above any project's config unless the user's own config chose otherwise", () => {
    const shareOf = (env: Record<string, string | undefined>) => JSON.parse(env.OPENCODE_CONFIG_CONTENT!).share;
    const dir = temp();
    // A home folder of the test's own (opencode's global config is under it: opencodeFolders.ts).
    const home = { HOME: dir, USERPROFILE: dir };
    // Nothing chosen: manual, and the managed profile drops OPENCODE_AUTO_SHARE.
    const plain = sidecarEnv({ profile: "managed", dataDir: join(dir, "a"), user: userOpencodeConfig(null, home) });
    expect(shareOf(plain)).toBe("manual");
    expect("OPENCODE_AUTO_SHARE" in plain && plain.OPENCODE_AUTO_SHARE === undefined).toBe(true);
    // --opencode-config chose auto: honoured in either profile, from the private config file, which
    // opencode reads below a project's own config, so a project that says "disabled" keeps it.
    const given = join(dir, "given.json");
    writeFileSync(given, JSON.stringify({ share: "auto" }));
    for (const profile of ["managed", "inherit"] as const) {
      const auto = sidecarEnv({ profile, dataDir: join(dir, `b-${profile}`), user: userOpencodeConfig(given, home) });
      expect(shareOf(auto)).toBeUndefined();
      expect(JSON.parse(readFileSync(auto.OPENCODE_CONFIG!, "utf8")).share).toBe("auto");
    }
    // OPENCODE_AUTO_SHARE in inherit shares unless the config says "disabled": the content must
    // not say "manual" above a project's "disabled" then; a user's own "disabled" still goes there.
    const flagged = userOpencodeConfig(null, { ...home, OPENCODE_AUTO_SHARE: "TRUE" });
    expect(shareOf(sidecarEnv({ profile: "inherit", dataDir: join(dir, "f"), user: flagged }))).toBeUndefined();
    expect(shareOf(sidecarEnv({ profile: "managed", dataDir: join(dir, "g"), user: flagged }))).toBe("manual");
    expect(
      shareOf(
        sidecarEnv({ profile: "inherit", dataDir: join(dir, "h"), user: { ...flagged, globalShare: "disabled" } }),
      ),
    ).toBe("disabled");
    // The user's global config (inherit runs with it) chose disabled; managed does not read it.
    const configHome = join(dir, "config");
    mkdirSync(join(configHome, "opencode"), { recursive: true });
    writeFileSync(join(configHome, "opencode", "opencode.jsonc"), '{ // theirs\n "share": "disabled" }');
    const user = userOpencodeConfig(null, { XDG_CONFIG_HOME: configHome });
    expect(shareOf(sidecarEnv({ profile: "inherit", dataDir: join(dir, "c"), user }))).toBe("disabled");
    expect(shareOf(sidecarEnv({ profile: "managed", dataDir: join(dir, "d"), user }))).toBe("manual");
    expect(JSON.stringify(user)).not.toContain("theirs");
    // On Windows opencode's home is USERPROFILE, not HOME (Git Bash sets HOME; Explorer does not):
    // the user's global "disabled" there was not read, and our "manual" went above it.
    const profile = join(dir, "profile");
    mkdirSync(join(profile, ".config", "opencode"), { recursive: true });
    writeFileSync(join(profile, ".config", "opencode", "opencode.json"), '{ "share": "disabled" }');
    const windowsUser = userOpencodeConfig(null, { USERPROFILE: profile, HOME: join(dir, "bash-home") }, "win32");
    expect(windowsUser.globalShare).toBe("disabled");
    expect(shareOf(sidecarEnv({ profile: "inherit", dataDir: join(dir, "w"), user: windowsUser }))).toBe("disabled");
    expect(userOpencodeConfig(null, { USERPROFILE: join(dir, "bash-home"), HOME: profile }, "win32").globalShare).toBe(
      undefined,
    );
  });

  it("refuses config that does not parse, with a sentence naming it and the line", () => {
    expect(() => userOpencodeConfig(null, { OPENCODE_CONFIG_CONTENT: '{\n  "model": "a/b"\n  "x": 1\n}' })).toThrow(
      ConfigFileError,
    );
    expect(() => userOpencodeConfig(null, { OPENCODE_CONFIG_CONTENT: '{\n  "model": "a/b"\n  "x": 1\n}' })).toThrow(
      /^The OPENCODE_CONFIG_CONTENT environment variable is not valid JSON \(comments are allowed\): .*\(line 3\)\. Fix it and start again\.$/,
    );
    const file = join(temp(), "bad.json");
    writeFileSync(file, "[1, 2]");
    expect(() => userOpencodeConfig(file, {})).toThrow(`The opencode config ${file} is not a JSON object`);
  });
});
