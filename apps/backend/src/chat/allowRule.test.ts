// Which requests a level answers on its own, and which still ask because they name a place that
// holds secrets: names, credential folders, OpenCode's and the app's data, globs over them, shell
// words, and Windows paths.
import { describe, expect, it } from "vitest";
import { allowsOnItsOwn, namesSecrets, type SecretPlaces } from "./allowRule.ts";

const linux: SecretPlaces = {
  home: "/home/ann",
  folders: ["/home/ann/.local/share/turnkey", "/home/ann/.local/share/opencode", "/home/ann/.config/opencode"],
  platform: "linux",
};
const windows: SecretPlaces = {
  home: "C:\\Users\\Ann",
  folders: ["C:\\Users\\Ann\\AppData\\Roaming\\OpenCode Turnkey", "C:\\Users\\Ann\\.local\\share\\opencode"],
  platform: "win32",
};
const request = (permission: string, ...patterns: string[]) => ({ permission, patterns });

describe("allowsOnItsOwn", () => {
  it("answers by level: nothing at 'ask', edits at 'edits', every kind at 'everything'", () => {
    const kinds = ["edit", "bash", "external_directory", "doom_loop", "webfetch", "read"];
    const at = (level: "ask" | "edits" | "everything") =>
      kinds.filter((kind) => allowsOnItsOwn(level, request(kind, "src/app.ts"), linux));
    expect(at("ask")).toEqual([]);
    expect(at("edits")).toEqual(["edit"]);
    expect(at("everything")).toEqual(kinds);
    expect(allowsOnItsOwn("everything", request("external_directory", "/tmp/build/*"), linux)).toBe(true);
  });

  it("still asks, at any level, for what names a secret file or folder", () => {
    const secret = [
      request("read", "/home/ann/project/.env"),
      request("read", "config/.env.production"),
      request("read", "deploy/prod.env"),
      request("edit", "certs/server.key"),
      request("read", "/home/ann/.ssh/id_ed25519"),
      request("external_directory", "/home/ann/.aws/*"),
      request("external_directory", "/home/ann/.local/share/opencode/*"), // auth.json: the provider keys
      request("read", "/home/ann/.config/opencode/opencode.json"),
      request("external_directory", "/home/ann/*"), // a glob over the home folder reaches ~/.ssh
      request("external_directory", "/*"),
      request("read", "~/.npmrc"),
      request("bash", "cat .env | grep KEY"),
      request("bash", "cp $HOME/.ssh/id_rsa /tmp/x"),
      request("bash", "tar czf /tmp/t.tgz ~/.local/share/turnkey"),
    ];
    for (const r of secret) {
      expect.soft(namesSecrets(r, linux), JSON.stringify(r)).toBe(true);
      expect.soft(allowsOnItsOwn("everything", r, linux), JSON.stringify(r)).toBe(false);
    }
  });

  it("lets templates and ordinary project files through", () => {
    const ordinary = [
      request("read", ".env.example"),
      request("read", "config/.env.sample"),
      request("edit", "src/environment.ts"),
      request("edit", ".venv/lib/site.py"),
      request("glob", "src/**/*.ts"),
      request("external_directory", "/home/ann/other-project/*"),
      request("external_directory", "/tmp/*"),
      request("bash", "npm test -- --reporter=dot"),
      request("bash", "git log --oneline -n 5"),
    ];
    for (const r of ordinary) expect.soft(namesSecrets(r, linux), JSON.stringify(r)).toBe(false);
  });

  it("reads Windows paths without case and with either slash", () => {
    expect(namesSecrets(request("read", "C:\\Users\\ann\\.SSH\\config"), windows)).toBe(true);
    expect(
      namesSecrets(request("external_directory", "c:/users/ann/appdata/roaming/opencode turnkey/*"), windows),
    ).toBe(true);
    expect(namesSecrets(request("external_directory", "C:\\Users\\Ann\\*"), windows)).toBe(true);
    expect(namesSecrets(request("read", "C:\\work\\app\\.ENV"), windows)).toBe(true);
    expect(namesSecrets(request("external_directory", "D:\\builds\\*"), windows)).toBe(false);
    expect(namesSecrets(request("edit", "src\\App.tsx"), windows)).toBe(false);
  });
});
