import { describe, expect, it } from "vitest";
import { exitCause } from "./exitCause.ts";

// What opencode 1.18.33 prints for a broken opencode.json (captured, colours included).
const brokenConfigOutput = [
  "Warning: OPENCODE_SERVER_PASSWORD is not set; server is unsecured.",
  "\u001b[91m\u001b[1mError: \u001b[0mConfig file at /home/zoë/.config/opencode/opencode.json is not valid JSON(C): ",
  "--- JSONC Input ---",
  '{ "model": "x", broken',
  "--- Errors ---",
  "InvalidSymbol at line 1, column 17",
  '   Line 1: { "model": "x", broken',
  "                          ^",
  "PropertyNameExpected at line 2, column 1",
  "--- End ---",
];

describe("exitCause", () => {
  it("names opencode's config complaint with the file and opencode's own words", () => {
    const cause = exitCause({ code: 1, signal: null, output: brokenConfigOutput });
    expect(cause?.code).toBe("config_invalid");
    expect(cause?.message).toBe(
      "OpenCode rejected its config file /home/zoë/.config/opencode/opencode.json: Config file at /home/zoë/.config/opencode/opencode.json is not valid JSON(C): InvalidSymbol at line 1, column 17 Fix the file (or move it away) and press Start.",
    );
  });

  it("names SIGILL as a CPU or C-library mismatch", () => {
    expect(exitCause({ code: null, signal: "SIGILL", output: [] })?.code).toBe("illegal_instruction");
    expect(exitCause({ code: 0xc000001d, signal: null, output: [] })?.message).toContain("-baseline");
  });

  it("stays silent when the exit names nothing", () => {
    expect(exitCause({ code: 1, signal: null, output: ["Error: something else"] })).toBeNull();
  });
});
