// Updates through the API against a local registry whose releases are small fixtures: a healthy
// one is kept, one that exits at once or stops answering is rolled back by itself, a download
// cut short or a registry out of reach changes nothing, old versions are pruned.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { RuntimeInfo } from "@turnkey/contracts";
import { describe, expect, it } from "vitest";
import { type FakeRegistry, startFakeRegistry } from "../../../packages/sidecar/test/fakeRegistry.ts";
import { fastConfig } from "../../../packages/sidecar/test/harness.ts";
import { posixDescribe } from "../../../packages/sidecar/test/posixOnly.ts";
import { bearer, fakeOpencode, jsonPost, raw, tempDir, testBackend } from "./harness.ts";
import { bundledRuntime, fakePackage, misbehavingRelease } from "./runtimeFixtures.ts";

const pkg = fakePackage;
const fixture = misbehavingRelease;

/**
 * `answerMs`: how long a health check waits for any answer before it counts toward a restart. Long
 * by default, so that a loaded machine does not restart a healthy version in the window (a CI run
 * did); short where a test wants the hang seen.
 */
async function setUp(healthWindowMs = 400, answerMs = 2_000) {
  const registry = await startFakeRegistry(
    pkg,
    [
      { version: "2.0.0", executable: fakeOpencode },
      { version: "2.0.1", executable: fixture("exits", "exit-at-once") },
      { version: "2.0.2", executable: fixture("hangs", "hang-after=50") },
      { version: "2.1.0", executable: fakeOpencode },
    ],
    "2.0.0",
  );
  const dataDir = tempDir("turnkey data ü-");
  const backend = await testBackend("", {
    dataDir,
    opencodeBin: null,
    bundledBinaryDir: await bundledRuntime("1.0.0"),
    runtimeUpdates: { registry: registry.url, packageName: pkg, healthWindowMs },
    supervisor: { config: { ...fastConfig, probeAnswerMs: answerMs } },
  });
  const events: RuntimeInfo[] = [];
  const get = async (path = "/api/runtime") =>
    (await raw(backend, { path, headers: bearer(backend) })).json() as RuntimeInfo;
  return {
    registry,
    backend,
    dataDir,
    events,
    get,
    settings: () => JSON.parse(readFileSync(join(dataDir, "settings.json"), "utf8")),
  };
}

const closeAfter = async (registry: FakeRegistry, run: () => Promise<void>) => {
  try {
    await run();
  } finally {
    await registry.close();
  }
};

posixDescribe("opencode updates (POSIX: fixture releases are Linux's opencode program, run by their shebang)", () => {
  it("finds the newest version, installs it beside the current one, restarts onto it and keeps it", async () => {
    const { registry, backend, dataDir, get, settings } = await setUp();
    await closeAfter(registry, async () => {
      expect((await jsonPost(backend, "/api/sidecar/start")).status).toBe(200);
      const checked = await get("/api/runtime?check=1");
      expect(checked).toMatchObject({
        active: "1.0.0",
        latest: { version: "2.0.0", package: pkg, changelogUrl: "https://github.com/sst/opencode/releases/tag/v2.0.0" },
        updateAvailable: true,
        checkError: null,
      });
      const updated = await jsonPost(backend, "/api/runtime/update");
      expect(updated.status).toBe(200);
      const info = updated.json() as RuntimeInfo;
      expect(info).toMatchObject({
        active: "2.0.0",
        updateAvailable: false,
        update: { phase: "updated", from: "1.0.0" },
      });
      expect(info.installed.map((v) => v.version)).toEqual(["2.0.0", "1.0.0"]);
      const status = backend.supervisor.status();
      expect(status.state).toBe("running");
      expect(status.binary?.path).toBe(join(dataDir, "runtime", "opencode", "2.0.0", "opencode"));
      expect(settings()).toMatchObject({ opencodeVersion: "2.0.0", previousOpencodeVersion: "1.0.0" });
    });
  });

  it("rolls back by itself when the new version exits at once, and says why", async () => {
    const { registry, backend, dataDir, settings } = await setUp();
    await closeAfter(registry, async () => {
      await jsonPost(backend, "/api/sidecar/start");
      const answer = await jsonPost(backend, "/api/runtime/update", '{"version":"2.0.1"}');
      expect(answer.status).toBe(503);
      const body = answer.json() as { error: { code: string; message: string }; runtime: RuntimeInfo };
      expect(body.error.code).toBe("update_rolled_back");
      expect(body.error.message).toMatch(
        /^OpenCode 2\.0\.1 was not kept because it did not start: .* Went back to 1\.0\.0, which is running again\.$/,
      );
      expect(body.runtime.active).toBe("1.0.0");
      expect(backend.supervisor.status()).toMatchObject({ state: "running" });
      expect(backend.supervisor.status().binary?.path).toBe(join(dataDir, "runtime", "opencode", "1.0.0", "opencode"));
      expect(settings().opencodeVersion).toBeUndefined();
    });
  });

  it("a rollback leaves a stopped OpenCode stopped", async () => {
    const { registry, backend } = await setUp();
    await closeAfter(registry, async () => {
      expect(backend.supervisor.status().state).toBe("stopped");
      const answer = await jsonPost(backend, "/api/runtime/update", '{"version":"2.0.1"}');
      const body = answer.json() as { error: { message: string }; runtime: RuntimeInfo };
      expect(body.error.message).toMatch(/Went back to 1\.0\.0; OpenCode stays stopped, as it was\.$/);
      expect(body.runtime.active).toBe("1.0.0");
      expect(backend.supervisor.status().state).toBe("stopped");
    });
  });

  it("rolls back a version that starts but stops answering health checks", async () => {
    // Probes every 100 ms with a 200 ms timeout: the hang shows within ~300 ms of the 2 s window.
    const { registry, backend } = await setUp(2_000, 200);
    await closeAfter(registry, async () => {
      await jsonPost(backend, "/api/sidecar/start");
      const answer = await jsonPost(backend, "/api/runtime/update", '{"version":"2.0.2"}');
      expect(answer.status).toBe(503);
      expect((answer.json() as { error: { message: string } }).error.message).toContain(
        "was not kept because it stopped answering health checks. Went back to 1.0.0, which is running again.",
      );
      expect(backend.supervisor.status().state).toBe("running");
    });
  });

  it("keeps only the active and the previous version", async () => {
    const { registry, backend, dataDir } = await setUp();
    await closeAfter(registry, async () => {
      await jsonPost(backend, "/api/sidecar/start");
      expect((await jsonPost(backend, "/api/runtime/update", '{"version":"2.0.0"}')).status).toBe(200);
      const last = await jsonPost(backend, "/api/runtime/update", '{"version":"2.1.0"}');
      expect(last.status).toBe(200);
      expect((last.json() as RuntimeInfo).update?.message).toBe(
        "OpenCode 2.1.0 is running and healthy. Removed old versions: 1.0.0.",
      );
      expect(readdirSync(join(dataDir, "runtime", "opencode")).sort()).toEqual(["2.0.0", "2.1.0"]);
      // Back to the previous one, by hand.
      const used = await jsonPost(backend, "/api/runtime/use", '{"version":"2.0.0"}');
      expect(used.status).toBe(200);
      expect((used.json() as RuntimeInfo).active).toBe("2.0.0");
      const unknown = await jsonPost(backend, "/api/runtime/use", '{"version":"0.0.1"}');
      expect(unknown.status).toBe(404);
      expect((unknown.json() as { error: { code: string } }).error.code).toBe("version_not_installed");
    });
  });

  it("a download cut short, or a registry out of reach: a sentence, and nothing changed", async () => {
    const { registry, backend, dataDir, get } = await setUp();
    await jsonPost(backend, "/api/sidecar/start");
    const pid = backend.supervisor.status().pid;
    registry.cutNextDownloadAfter(Math.floor(registry.tarballBytes("2.0.0") / 3));
    const cut = await jsonPost(backend, "/api/runtime/update");
    expect(cut.status).toBe(502);
    expect((cut.json() as { error: { code: string; message: string } }).error).toMatchObject({
      code: "update_unavailable",
      message: expect.stringMatching(/broke off|ended after/),
    });
    expect(readdirSync(join(dataDir, "runtime", "opencode"))).toEqual(["1.0.0"]);
    await registry.close();
    const offline = await jsonPost(backend, "/api/runtime/update");
    expect(offline.status).toBe(502);
    expect((offline.json() as { error: { message: string } }).error.message).toMatch(
      /^Could not reach the npm registry at http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)\. Check the internet connection and try again; nothing was changed\./,
    );
    expect((await get()).active).toBe("1.0.0");
    expect(backend.supervisor.status()).toMatchObject({ state: "running", pid });
    expect(readdirSync(join(dataDir, "runtime", "opencode"))).toEqual(["1.0.0"]);
  });

  it("refuses a version that does not exist for this computer", async () => {
    const { registry, backend } = await setUp();
    await closeAfter(registry, async () => {
      const answer = await jsonPost(backend, "/api/runtime/update", '{"version":"9.0.0"}');
      expect(answer.status).toBe(404);
      expect((answer.json() as { error: { message: string } }).error.message).toBe(
        "There is no OpenCode 9.0.0 for this computer (opencode-linux-x64) on the npm registry. Nothing was changed.",
      );
    });
  });
});

posixDescribe("--opencode-version (POSIX: fixture releases are Linux's opencode program, run by their shebang)", () => {
  /** A backend pinned to 2.0.0 with `--opencode-version`, which only the registry has. */
  async function pinned() {
    const registry = await startFakeRegistry(pkg, [{ version: "2.0.0", executable: fakeOpencode }]);
    const dataDir = tempDir();
    const backend = await testBackend("", {
      dataDir,
      opencodeBin: null,
      bundledBinaryDir: await bundledRuntime("1.0.0"),
      opencodeVersion: "2.0.0",
      runtimeUpdates: { registry: registry.url, packageName: pkg },
    });
    return { registry, backend, dataDir, versionsDir: join(dataDir, "runtime", "opencode") };
  }

  it("runs the pinned version, installing it first when it is missing", async () => {
    const { registry, backend, dataDir } = await pinned();
    await closeAfter(registry, async () => {
      const status = await backend.supervisor.start();
      expect(status).toMatchObject({ state: "running", binary: { source: "managed" } });
      expect(status.binary?.path).toBe(join(dataDir, "runtime", "opencode", "2.0.0", "opencode"));
      const info = (await raw(backend, { path: "/api/runtime", headers: bearer(backend) })).json() as RuntimeInfo;
      expect(info).toMatchObject({ active: "2.0.0", pinnedByFlag: true });
    });
  });

  async function pinnedDownloading() {
    const setUp = await pinned();
    const held = setUp.registry.holdNextDownload();
    const first = setUp.backend.supervisor.start();
    await held.started;
    return { ...setUp, held, first };
  }

  it("a Restart during the pinned version's download shares that download instead of starting another", async () => {
    const { registry, backend, held, first } = await pinnedDownloading();
    await closeAfter(registry, async () => {
      // The restart replaces the first start's attempt in this very turn; its preparation joins.
      const restarted = backend.supervisor.restart();
      held.release();
      expect(await restarted).toMatchObject({ state: "running", binary: { source: "managed" } });
      await first;
      expect(registry.downloads()).toBe(1);
      expect(backend.supervisor.status().binary?.path).toContain(join("2.0.0", "opencode"));
    });
  });

  it("a Stop during it cancels the download: the stop settles and no version or staging folder stays", async () => {
    const { registry, backend, held, first, versionsDir } = await pinnedDownloading();
    await closeAfter(registry, async () => {
      expect(await backend.supervisor.stop()).toMatchObject({ state: "stopped" });
      await first;
      await held.closed; // the registry saw the download abandoned
      expect(existsSync(join(versionsDir, "2.0.0"))).toBe(false);
      // The next start downloads it anew and runs it.
      expect(await backend.supervisor.start()).toMatchObject({ state: "running", binary: { source: "managed" } });
      expect(registry.downloads()).toBe(2);
      expect(readdirSync(versionsDir).filter((name) => name !== "1.0.0")).toEqual(["2.0.0"]); // no staging left
    });
  });
});

describe("--opencode-bin", () => {
  it("never asks the registry: the user's program chooses its own version", async () => {
    const registry = await startFakeRegistry(pkg, [{ version: "2.0.0", executable: fakeOpencode }]);
    await closeAfter(registry, async () => {
      const backend = await testBackend("", { runtimeUpdates: { registry: registry.url, packageName: pkg } });
      const info = (
        await raw(backend, { path: "/api/runtime?check=1", headers: bearer(backend) })
      ).json() as RuntimeInfo;
      expect(info).toMatchObject({ activeSource: "override", latest: null, updateAvailable: false, checkError: null });
      expect(registry.requests).toEqual([]);
    });
  });
});
