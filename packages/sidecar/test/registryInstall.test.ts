import { spawnSync } from "node:child_process";
import { readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { fetchPackument, RegistryError, registryUrl } from "../src/npmRegistry.ts";
import { proxyFor, proxySettings } from "../src/proxyFetch.ts";
import { installFromRegistry } from "../src/registryInstall.ts";
import { RuntimeStore } from "../src/runtimeStore.ts";
import { startConnectProxy } from "./connectProxy.ts";
import { startFakeRegistry } from "./fakeRegistry.ts";
import { cleanup, fakeOpencode, tempDir } from "./harness.ts";
import { posixIt } from "./posixOnly.ts";

afterEach(cleanup);

const pkg = "opencode-linux-x64";

async function setUp() {
  const registry = await startFakeRegistry(pkg, [
    { version: "1.0.0", executable: fakeOpencode },
    { version: "1.1.0", executable: fakeOpencode },
  ]);
  const store = new RuntimeStore(join(tempDir("turnkey runtime ü-"), "runtime", "opencode"), "linux");
  const options = { registry: { registry: registry.url, env: {} }, store, packageName: pkg };
  const entry = async (version: string) => (await fetchPackument(pkg, options.registry)).versions.get(version)!;
  return { registry, store, options, entry, close: () => registry.close() };
}

describe("installing a version from the registry", () => {
  posixIt(
    "lists the versions and installs one beside the others, verified and runnable (POSIX: runs the fake, installed as a program named opencode, by its shebang)",
    async () => {
      const { store, options, entry, close } = await setUp();
      try {
        const packument = await fetchPackument(pkg, options.registry);
        expect(packument.latest).toBe("1.1.0");
        expect([...packument.versions.keys()]).toEqual(["1.0.0", "1.1.0"]);
        const steps: string[] = [];
        const manifest = await installFromRegistry({
          ...options,
          entry: await entry("1.1.0"),
          onProgress: (step, progress) => steps.push(`${step}:${progress === null ? "-" : Math.round(progress * 100)}`),
        });
        expect(manifest).toMatchObject({ package: pkg, version: "1.1.0", file: "opencode", source: "registry" });
        expect(steps).toContain("downloading:100");
        expect(steps.at(-1)).toBe("installing:-");
        expect(store.list().map((m) => m.version)).toEqual(["1.1.0"]);
        expect(readdirSync(store.dirOf("1.1.0")).sort()).toEqual(["manifest.json", "opencode"]);
        const ran = spawnSync(store.executableOf("1.1.0"), [], {
          env: { ...process.env, FAKE_OPENCODE: "exit-at-once" },
        });
        expect(ran.status).toBe(3); // the fixture's "exit at once" code: it ran
      } finally {
        await close();
      }
    },
  );

  it("an interrupted download leaves nothing installed and no staging folder", async () => {
    const { registry, store, options, entry, close } = await setUp();
    try {
      registry.cutNextDownloadAfter(Math.floor(registry.tarballBytes("1.1.0") / 2));
      const error = await installFromRegistry({ ...options, entry: await entry("1.1.0") }).catch((e) => e);
      expect(error).toBeInstanceOf(RegistryError);
      expect(error.message).toMatch(/broke off|ended after/);
      expect(error.message).toContain("nothing was changed");
      expect(readdirSync(store.root)).toEqual([]);
    } finally {
      await close();
    }
  });

  it("a slow but steady download is not cut off: only the headers have a deadline, the body one per chunk", async () => {
    const { registry, store, options, entry, close } = await setUp();
    try {
      // Eight pieces 60 ms apart take far longer than the 100 ms header deadline.
      registry.dripNextDownload(8, 60);
      const registryOptions = { ...options.registry, timeoutMs: 100, stallTimeoutMs: 10_000 };
      const manifest = await installFromRegistry({
        ...options,
        registry: registryOptions,
        entry: await entry("1.1.0"),
      });
      expect(manifest.version).toBe("1.1.0");
      expect(store.list().map((m) => m.version)).toEqual(["1.1.0"]);
    } finally {
      await close();
    }
  });

  it("a download that stops sending is given up with a sentence, and nothing is installed", async () => {
    const { registry, store, options, entry, close } = await setUp();
    try {
      registry.stallNextDownloadAfter(100);
      const registryOptions = { ...options.registry, stallTimeoutMs: 150 };
      const error = await installFromRegistry({
        ...options,
        registry: registryOptions,
        entry: await entry("1.1.0"),
      }).catch((e) => e);
      expect(error).toBeInstanceOf(RegistryError);
      expect(error.message).toMatch(/broke off after 0 MiB \(no data for 0 s\)/);
      expect(readdirSync(store.root)).toEqual([]);
    } finally {
      await close();
    }
  });

  it("two versions installed at once both arrive: one install never removes the other's work", async () => {
    const { registry, store, options, entry, close } = await setUp();
    try {
      registry.dripNextDownload(4, 30); // the first is still downloading when the second starts
      const first = installFromRegistry({ ...options, entry: await entry("1.0.0") });
      const second = installFromRegistry({ ...options, entry: await entry("1.1.0") });
      await Promise.all([first, second]);
      expect(store.list().map((m) => m.version)).toEqual(["1.1.0", "1.0.0"]);
    } finally {
      await close();
    }
  });

  it("a version that is not one is never used as a folder name", async () => {
    const { store } = await setUp();
    expect(() => store.dirOf("../../elsewhere")).toThrow(/is not an OpenCode version/);
    expect(store.manifest("..")).toBeNull();
  });

  it("a corrupted archive is refused before it is unpacked", async () => {
    const { registry, store, options, entry, close } = await setUp();
    try {
      registry.corruptNextDownload();
      const error = await installFromRegistry({ ...options, entry: await entry("1.0.0") }).catch((e) => e);
      expect(error).toMatchObject({ kind: "integrity" });
      expect(error.message).toContain("does not match the registry's sha512 checksum");
      expect(readdirSync(store.root)).toEqual([]);
    } finally {
      await close();
    }
  });

  it("offline: a sentence, and nothing changed", async () => {
    const { store, options, close } = await setUp();
    await close();
    const error = await fetchPackument(pkg, { ...options.registry, env: { HTTPS_PROXY: "http://proxy:3128" } }).catch(
      (e) => e,
    );
    expect(error).toMatchObject({ kind: "offline" });
    expect(error.message).toMatch(/^Could not reach the npm registry at http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)\./);
    expect(error.message).toContain("A proxy is set (HTTPS_PROXY)");
    expect(store.list()).toEqual([]);
  });

  it("an unknown package is named", async () => {
    const { options, close } = await setUp();
    try {
      await expect(fetchPackument("opencode-beos-x64", options.registry)).rejects.toMatchObject({ kind: "not_found" });
    } finally {
      await close();
    }
  });
});

describe("downloads through a proxy", () => {
  it("HTTP_PROXY carries both the lookup and the download; NO_PROXY's hosts go direct", async () => {
    const { registry, store, options, close } = await setUp();
    const proxy = await startConnectProxy();
    try {
      const target = new URL(registry.url).host;
      const viaProxy = { ...options.registry, env: { HTTP_PROXY: proxy.url } };
      const entry = (await fetchPackument(pkg, viaProxy)).versions.get("1.1.0")!;
      await installFromRegistry({ ...options, registry: viaProxy, entry });
      expect(store.list().map((m) => m.version)).toEqual(["1.1.0"]);
      expect(proxy.tunnels.length).toBeGreaterThan(0);
      expect(new Set(proxy.tunnels)).toEqual(new Set([target]));
      expect(registry.requests).toEqual([`GET /${pkg}`, expect.stringMatching(/^GET \/.*1\.1\.0\.tgz$/)]);

      const before = proxy.tunnels.length;
      const bypass = { ...options.registry, env: { http_proxy: proxy.url, no_proxy: "example.com, 127.0.0.1" } };
      expect((await fetchPackument(pkg, bypass)).latest).toBe("1.1.0");
      expect(proxy.tunnels.length).toBe(before);
    } finally {
      await proxy.close();
      await close();
    }
  });

  it("reads the variables as curl does: lower case first, NO_PROXY by host, parent domain and port", () => {
    expect(proxySettings({})).toBeNull();
    expect(proxySettings({ NO_PROXY: "localhost" })).toBeNull();
    expect(proxySettings({ HTTPS_PROXY: "http://a:1", https_proxy: "http://b:2", NO_PROXY: "x" })).toEqual({
      httpProxy: "",
      httpsProxy: "http://b:2",
      noProxy: "x",
    });
    const settings = { httpProxy: "http://p:1", httpsProxy: "", noProxy: ".corp.example, registry.local:8443" };
    const via = (url: string) => proxyFor(new URL(url), settings);
    expect(via("https://registry.npmjs.org/x")).toBe("http://p:1");
    expect(via("https://npm.corp.example/x")).toBeNull();
    expect(via("https://registry.local:8443/x")).toBeNull();
    expect(via("https://registry.local/x")).toBe("http://p:1");
    expect(proxyFor(new URL("http://a/"), { ...settings, noProxy: "*" })).toBeNull();
  });
});

describe("registryUrl", () => {
  it("follows npm: the variable npm sets for scripts, then the user's .npmrc, then the public registry", () => {
    const home = tempDir();
    expect(registryUrl({}, home)).toBe("https://registry.npmjs.org/");
    writeFileSync(join(home, ".npmrc"), "fund=false\nregistry = https://npm.example.com/repo\n");
    expect(registryUrl({}, home)).toBe("https://npm.example.com/repo/");
    expect(registryUrl({ npm_config_registry: "http://127.0.0.1:4873" }, home)).toBe("http://127.0.0.1:4873/");
  });
});
