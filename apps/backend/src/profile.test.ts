import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { cleanup, tempDir } from "../../../packages/sidecar/test/harness.ts";
import { chooseProfile } from "./profile.ts";

afterEach(cleanup);

describe("first-run profile choice", () => {
  it("picks managed for a new user with no opencode config", () => {
    const home = tempDir();
    expect(chooseProfile({ flag: undefined, saved: undefined, env: {}, home })).toEqual({
      profile: "managed",
      source: "detected",
    });
  });

  it("picks inherit when the user already has an opencode config", () => {
    const home = tempDir();
    mkdirSync(join(home, ".config", "opencode"), { recursive: true });
    writeFileSync(join(home, ".config", "opencode", "opencode.jsonc"), "{}");
    expect(chooseProfile({ flag: undefined, saved: undefined, env: {}, home })).toEqual({
      profile: "inherit",
      source: "detected",
    });
    const xdg = tempDir();
    mkdirSync(join(xdg, "opencode"), { recursive: true });
    writeFileSync(join(xdg, "opencode", "opencode.json"), "{}");
    expect(
      chooseProfile({ flag: undefined, saved: undefined, env: { XDG_CONFIG_HOME: xdg }, home: tempDir() }).profile,
    ).toBe("inherit");
  });

  it("a saved choice wins over detection, and a flag over both", () => {
    const home = tempDir();
    expect(chooseProfile({ flag: undefined, saved: "inherit", env: {}, home })).toEqual({
      profile: "inherit",
      source: "settings",
    });
    expect(chooseProfile({ flag: "managed", saved: "inherit", env: {}, home })).toEqual({
      profile: "managed",
      source: "flag",
    });
  });
});
