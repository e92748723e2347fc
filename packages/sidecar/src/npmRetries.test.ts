// The sidecar's npm gives up on an unreachable registry at once, unless the user chose otherwise:
// their own setting, in any case of the name, is never replaced.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { npmRetriesFor } from "./npmRetries.ts";
import { sidecarProcessEnv } from "./sidecarProcessEnv.ts";

describe("npm's retries for the sidecar", () => {
  it("are none when the environment does not set them", () => {
    expect(
      sidecarProcessEnv({ PATH: "/usr/bin", HOME: "/nonexistent-turnkey-home" }, {}, "pw").npm_config_fetch_retries,
    ).toBe("0");
  });

  it("keep the user's own value, from the backend's or the profile's environment, whatever the name's case", () => {
    expect(npmRetriesFor({ NPM_CONFIG_FETCH_RETRIES: "5" })).toEqual({});
    expect(sidecarProcessEnv({ npm_config_fetch_retries: "4" }, {}, "pw").npm_config_fetch_retries).toBe("4");
    const fromProfile = sidecarProcessEnv({}, { npm_config_fetch_retries: "3" }, "pw");
    expect(fromProfile.npm_config_fetch_retries).toBe("3");
    expect(Object.keys(fromProfile).filter((name) => /fetch_retries/i.test(name))).toEqual([
      "npm_config_fetch_retries",
    ]);
  });

  it("count a name set to undefined (removed by a profile) as not set", () => {
    expect(npmRetriesFor({ npm_config_fetch_retries: undefined })).toEqual({ npm_config_fetch_retries: "0" });
  });
});

describe("npm's retries and the user's .npmrc", () => {
  it("leaves a fetch-retries the user's .npmrc sets alone (npm ranks variables above it)", () => {
    const home = mkdtempSync(join(tmpdir(), "turnkey-npmrc-"));
    try {
      expect(npmRetriesFor({ HOME: home })).toEqual({ npm_config_fetch_retries: "0" });
      writeFileSync(join(home, ".npmrc"), "registry=https://example.test/\nfetch-retries = 5\n");
      expect(npmRetriesFor({ HOME: home })).toEqual({});
      expect(npmRetriesFor({ npm_config_userconfig: join(home, "missing") })).toEqual({
        npm_config_fetch_retries: "0",
      });
      // npm reads HOME first on Windows too (a Git Bash's), USERPROFILE only without one.
      expect(npmRetriesFor({ HOME: home, USERPROFILE: join(home, "profile") }, "win32")).toEqual({});
      expect(npmRetriesFor({ HOME: join(home, "msys"), USERPROFILE: home }, "win32")).toEqual({
        npm_config_fetch_retries: "0",
      });
      expect(npmRetriesFor({ USERPROFILE: home }, "win32")).toEqual({});
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});
