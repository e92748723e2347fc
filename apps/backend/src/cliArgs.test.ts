import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { parseCli } from "./cliArgs.ts";

// Paths come back resolved the way this platform resolves them: "/home/zoë" is D:\home\zoë on
// Windows (the current drive), so the expected values go through resolve too.
const at = (path: string) => resolve(path);

describe("parseCli", () => {
  it("reads every documented flag, flags winning over the environment", () => {
    const result = parseCli(
      [
        "--port",
        "4100",
        "--data-dir",
        "d ü",
        "--opencode-bin",
        "bin/opencode",
        "--opencode-config",
        "c.json",
        "--opencode-version",
        "1.18.32",
        "--profile",
        "inherit",
        "--workdir",
        "w",
        "--project",
        "p one",
        "--project",
        "/abs/p2",
        "--no-autostart",
      ],
      { TURNKEY_PORT: "9999", TURNKEY_DATA_DIR: "/ignored", TURNKEY_TOKEN: "a-long-enough-token-123" },
      "/home/zoë",
    );
    expect(result).toEqual({
      kind: "run",
      options: {
        port: 4100,
        dataDir: at("/home/zoë/d ü"),
        token: "a-long-enough-token-123",
        opencodeBin: at("/home/zoë/bin/opencode"),
        opencodeBinLabel: "--opencode-bin",
        opencodeVersion: "1.18.32",
        opencodeConfig: at("/home/zoë/c.json"),
        profile: "inherit",
        workdir: at("/home/zoë/w"),
        projects: [at("/home/zoë/p one"), at("/abs/p2")],
        autostart: false,
      },
    });
  });

  it("falls back to TURNKEY_* and defaults, leaving the profile to the saved choice or detection", () => {
    const result = parseCli(
      [],
      { TURNKEY_PORT: "0", TURNKEY_DATA_DIR: "/data", TURNKEY_OPENCODE_BIN: "/x/opencode" },
      "/w",
    );
    expect(result).toMatchObject({
      kind: "run",
      options: {
        port: 0,
        dataDir: at("/data"),
        opencodeBin: at("/x/opencode"),
        opencodeBinLabel: "TURNKEY_OPENCODE_BIN",
        autostart: true,
      },
    });
    expect(result.kind === "run" && "profile" in result.options).toBe(false);
  });

  it("refuses an --opencode-version that is not a version", () => {
    expect(parseCli(["--opencode-version", "latest; rm -rf"], {}, "/w")).toEqual({
      kind: "error",
      message: '--opencode-version must be a version like 1.18.33, not "latest; rm -rf".',
    });
  });

  it("explains bad input instead of guessing", () => {
    expect(parseCli(["--port", "80a"], {}, "/")).toEqual({
      kind: "error",
      message: 'The port must be a number from 0 to 65535, not "80a".',
    });
    expect(parseCli(["--port", "70000"], {}, "/").kind).toBe("error");
    expect(parseCli([], { TURNKEY_TOKEN: "short" }, "/")).toMatchObject({
      kind: "error",
      message: expect.stringContaining("16 characters"),
    });
    expect(parseCli(["--frobnicate"], {}, "/")).toMatchObject({
      kind: "error",
      message: expect.stringContaining("--frobnicate"),
    });
    expect(parseCli(["stray"], {}, "/").kind).toBe("error");
    expect(parseCli(["--help"], {}, "/")).toEqual({ kind: "help" });
  });
});
