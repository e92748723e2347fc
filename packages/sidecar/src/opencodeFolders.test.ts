// opencode's folders as opencode finds them: the XDG variables first, else under os.homedir(),
// which is HOME on POSIX and USERPROFILE on Windows (platform injected).
import { homedir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { opencodeFolder, opencodeHome } from "./opencodeFolders.ts";

describe("opencodeFolder", () => {
  it("takes the XDG variable when set, on every platform", () => {
    for (const platform of ["linux", "win32"] as const) {
      expect(opencodeFolder("config", { XDG_CONFIG_HOME: "/x", HOME: "/h", USERPROFILE: "/u" }, platform)).toBe(
        join("/x", "opencode"),
      );
      expect(opencodeFolder("data", { XDG_DATA_HOME: "/d" }, platform)).toBe(join("/d", "opencode"));
      expect(opencodeFolder("state", { XDG_STATE_HOME: "/s" }, platform)).toBe(join("/s", "opencode"));
    }
  });

  it("is under HOME on POSIX and under USERPROFILE on Windows, whatever HOME says there", () => {
    const env = { HOME: "/bash/home", USERPROFILE: "/Users/ann" };
    expect(opencodeFolder("config", env, "linux")).toBe(join("/bash/home", ".config", "opencode"));
    expect(opencodeFolder("config", env, "win32")).toBe(join("/Users/ann", ".config", "opencode"));
    expect(opencodeFolder("data", env, "win32")).toBe(join("/Users/ann", ".local", "share", "opencode"));
    expect(opencodeFolder("state", env, "win32")).toBe(join("/Users/ann", ".local", "state", "opencode"));
  });

  it("asks the system for the home folder when the variable is missing, never a folder relative to the current one", () => {
    expect(opencodeHome({ HOME: "/bash/home" }, "win32")).toBe(homedir());
    expect(opencodeHome({}, "linux")).toBe(homedir());
  });
});
