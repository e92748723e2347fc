import { homedir } from "node:os";
import envPaths from "env-paths";
import { describe, expect, it } from "vitest";
import { sharedDataDir } from "./dataDir.ts";

describe("sharedDataDir", () => {
  it("is under %LOCALAPPDATA% on Windows, never the roaming profile", () => {
    const env = { LOCALAPPDATA: "C:\\Users\\Zoë\\AppData\\Local", APPDATA: "C:\\Users\\Zoë\\AppData\\Roaming" };
    expect(sharedDataDir("win32", env, "C:\\Users\\Zoë")).toBe(
      "C:\\Users\\Zoë\\AppData\\Local\\opencode-turnkey\\Data",
    );
    expect(sharedDataDir("win32", {}, "C:\\Users\\Zoë")).toBe("C:\\Users\\Zoë\\AppData\\Local\\opencode-turnkey\\Data");
  });

  it("follows XDG on Linux and Application Support on macOS", () => {
    expect(sharedDataDir("linux", { XDG_DATA_HOME: "/x" }, "/home/z")).toBe("/x/opencode-turnkey");
    expect(sharedDataDir("linux", {}, "/home/z")).toBe("/home/z/.local/share/opencode-turnkey");
    expect(sharedDataDir("darwin", {}, "/Users/z")).toBe("/Users/z/Library/Application Support/opencode-turnkey");
  });

  it("is where the CLI kept its data before (env-paths), so nothing moves on this platform", () => {
    expect(sharedDataDir(process.platform, process.env, homedir())).toBe(
      envPaths("opencode-turnkey", { suffix: "" }).data,
    );
  });
});
