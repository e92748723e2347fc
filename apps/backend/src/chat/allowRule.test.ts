// Which requests a level answers on its own, and which still ask because they name a protected
// place: secret names, credential folders, OpenCode's and the app's data, OpenCode's settings,
// globs and folders over them, shell words, and the other names a file system gives the same
// place (links, /proc/self/root, case, Windows' forms). Review 29 (H1, M3, M4) found each alias.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { allowsOnItsOwn, protectedNamed, type SecretPlaces, whyItAsks } from "./allowRule.ts";

/** A file system where every path exists, /proc/self/root and macOS' data volume lead back to `/`. */
const aliases = (path: string) =>
  path.replace(/^\/proc\/self\/root(?=\/)/, "").replace(/^\/System\/Volumes\/Data(?=\/)/, "");
const linux: SecretPlaces = {
  home: "/home/ann",
  folders: ["/home/ann/.local/share/turnkey", "/home/ann/.local/share/opencode", "/home/ann/.config/opencode"],
  platform: "linux",
  realpath: aliases,
};
const mac: SecretPlaces = {
  home: "/Users/ann",
  folders: ["/Users/ann/Library/Application Support/turnkey", "/Users/ann/.config/opencode"],
  platform: "darwin",
  realpath: aliases,
};
const windows: SecretPlaces = {
  home: "C:\\Users\\Ann",
  folders: ["C:\\Users\\Ann\\AppData\\Roaming\\OpenCode Turnkey", "C:\\Users\\Ann\\.local\\share\\opencode"],
  platform: "win32",
  realpath: (path) => path,
};
const request = (permission: string, ...patterns: string[]) => ({ permission, patterns });
const project = "/home/ann/proj";
const asks = (places: SecretPlaces, folder: string | null, ...requests: ReturnType<typeof request>[]) =>
  requests
    .filter((r) => protectedNamed(r, places, folder) === null)
    .map((r) => `${r.permission} ${r.patterns.join(" ")}`);

describe("allowsOnItsOwn", () => {
  it("answers by level: nothing at 'ask', edits at 'edits', every kind but the loop guard at 'everything'", () => {
    const kinds = ["edit", "bash", "external_directory", "doom_loop", "webfetch", "read"];
    const at = (level: "ask" | "edits" | "everything") =>
      kinds.filter((kind) => allowsOnItsOwn(level, request(kind, "src/app.ts"), linux, project));
    expect(at("ask")).toEqual([]);
    expect(at("edits")).toEqual(["edit"]);
    expect(at("everything")).toEqual(["edit", "bash", "external_directory", "webfetch", "read"]);
    expect(allowsOnItsOwn("everything", request("external_directory", "/tmp/build/*"), linux, project)).toBe(true);
  });

  it("says why it asks in a sentence for the card, naming the word it found and whether it is or holds a protected place, cut when long", () => {
    const why = (level: "ask" | "edits" | "everything", permission: string, ...patterns: string[]) =>
      whyItAsks(level, request(permission, ...patterns), linux, project);
    expect(why("everything", "bash", "npm test")).toBeNull();
    expect(why("edits", "bash", "npm test")).toBe("This chat goes ahead on its own with edits only.");
    expect(why("everything", "doom_loop", "bash")).toContain("loop guard always asks");
    expect(why("everything", "bash", "npm test && cat ~/.aws/credentials")).toBe(
      "It names ~/.aws/credentials, a protected place (secrets, credentials, OpenCode's and this app's own files): requests for those always ask.",
    );
    // A folder over one is not called one (review 30, M2): listing the home folder reaches .config/gcloud.
    for (const command of ["ls ~", "grep -r TODO ~", "find / -name x.log", "du -sh ~/.config"])
      expect(why("everything", "bash", command)).toMatch(
        /^It reaches (~|\/|~\/\.config), which holds protected places \(/,
      );
    expect(why("everything", "external_directory", "/home/ann/*")).toMatch(/^It reaches \/home\/ann\/\*, which holds/);
    expect(why("everything", "external_directory", "/home/ann/.config/gcloud/*")).toMatch(/^It names /);
    const long = `/home/ann/.ssh/${"k".repeat(300)}`;
    expect(why("everything", "read", long)).toContain(`It names ${long.slice(0, 120)}…, a protected place`);
  });

  it("still asks for what names a secret or OpenCode's settings, however it is spelled (every one of these asks)", () => {
    const missed = asks(
      linux,
      project,
      request("read", "/home/ann/proj/.env"),
      request("read", "config/.env.production"),
      request("read", ".envrc"),
      request("read", ".env.example.local"),
      request("edit", "certs/server.key"),
      request("read", "/home/ann/.ssh/id_ed25519"),
      request("external_directory", "/home/ann/.aws/*"),
      request("external_directory", "/home/ann/.local/share/opencode/*"), // auth.json: the provider keys
      request("external_directory", "/proc/self/root/home/ann/.local/share/opencode/*"),
      request("external_directory", "/home/ann/*"), // a glob over the home folder reaches ~/.ssh
      request("external_directory", "/*"),
      request("edit", "opencode.json"), // the project's settings: an edit there gives what the level does not
      request("edit", ".opencode/plugin/x.ts"),
      request("edit", "../.config/gcloud/application_default_credentials.json"),
      request("bash", "cat .env | grep KEY"),
      request("bash", "cp $HOME/.ssh/id_rsa /tmp/x"),
      request("bash", `cat ${"$"}{HOME}/.local/share/opencode/log/x.log`), // the shell's ${HOME}
      request("bash", "cat /home/ann/x/../.config/./opencode/config.json"),
      request("bash", "cat ../.s*/config"),
      request("bash", "cat /home/ann/.s\\sh/config"),
      request("bash", "cat</home/ann/.local/share/opencode/mcp-auth.json"),
      request("bash", "grep -r KEY ~"),
      request("bash", "tar czf /tmp/t.tgz ~/.local/share/turnkey"),
    );
    expect(missed).toEqual([]);
    // The project is the home folder: an edit's relative path reaches the credentials.
    expect(asks(linux, "/home/ann", request("edit", ".config/gcloud/configurations/config_default"))).toEqual([]);
    expect(
      asks(
        mac,
        "/Users/ann/proj",
        request("external_directory", "/Users/ann/.SSH/*"),
        request("external_directory", "/users/ann/.config/opencode/*"),
        request("external_directory", "/System/Volumes/Data/Users/ann/.config/opencode/*"),
        request("read", "/Users/ann/proj/.ENV"),
      ),
    ).toEqual([]);
    expect(
      asks(
        windows,
        "C:\\work\\app",
        request("read", "C:\\Users\\ann\\.SSH\\config"),
        request("external_directory", "c:/users/ann/appdata/roaming/opencode turnkey/*"),
        request("external_directory", "C:\\Users\\Ann\\*"),
        request("external_directory", "C:/Users/*"),
        request("external_directory", "C:/Users/Ann/.ssh./*"),
        request("external_directory", "C:/Users/Ann/AppData/Roaming/OpenCode Turnkey./*"),
        request("external_directory", "//localhost/c$/Users/Ann/.local/share/opencode/*"),
        request("external_directory", "//?/C:/Users/Ann/.local/share/opencode/*"),
        request("read", "C:\\work\\app\\.ENV"),
        request("bash", "type %USERPROFILE%\\.local\\share\\opencode\\auth.json"),
        request("bash", "Get-Content $env:USERPROFILE\\.ssh\\config"),
      ),
    ).toEqual([]);
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
      request("bash", "ls -la src && cat README.md"),
    ];
    for (const r of ordinary) expect.soft(protectedNamed(r, linux, project), JSON.stringify(r)).toBeNull();
    expect(protectedNamed(request("external_directory", "D:\\builds\\*"), windows, "C:\\work\\app")).toBeNull();
    expect(protectedNamed(request("edit", "src\\App.tsx"), windows, "C:\\work\\app")).toBeNull();
  });
});

describe("allowsOnItsOwn on this machine's file system", () => {
  let dir = "";
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("follows a link into the data folder, and /proc/self/root, to the real path", () => {
    dir = mkdtempSync(join(tmpdir(), "allow-rule-"));
    const data = join(dir, "data");
    mkdirSync(data);
    symlinkSync(data, join(dir, "innocent"));
    const here: SecretPlaces = { home: join(dir, "home"), folders: [data], platform: process.platform };
    const through = (path: string) => protectedNamed(request("external_directory", path), here, dir) !== null;
    expect(through(join(dir, "innocent", "*"))).toBe(true);
    expect(through(join(dir, "innocent", "settings.json"))).toBe(true);
    if (process.platform === "linux") expect(through(`/proc/self/root${data}/*`)).toBe(true);
    expect(through(join(dir, "elsewhere", "*"))).toBe(false);
  });
});
