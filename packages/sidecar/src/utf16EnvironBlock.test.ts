import { describe, expect, it } from "vitest";
import { scrubUtf16EnvironmentBlock } from "./utf16EnvironBlock.ts";

/** A block as GetEnvironmentStringsW returns it: entries ending in NUL, then one more NUL. */
function block(entries: string[]): Uint16Array {
  const text = `${entries.map((entry) => `${entry}\0`).join("")}\0`;
  return Uint16Array.from(text, (char) => char.charCodeAt(0));
}
const text = (units: Uint16Array) => String.fromCharCode(...units);

describe("scrubUtf16EnvironmentBlock", () => {
  it("overwrites only the named values, keeping the block's length and every other entry", () => {
    const units = block(["=C:=C:\\work", "Path=C:\\bin", "OPENCODE_SERVER_PASSWORD=s3cr3t-pw", "USERNAME=ann"]);
    const before = units.length;
    expect(scrubUtf16EnvironmentBlock(["OPENCODE_SERVER_PASSWORD"], units)).toBe(1);
    expect(units.length).toBe(before);
    expect(text(units)).toBe("=C:=C:\\work\0Path=C:\\bin\0OPENCODE_SERVER_PASSWORD=xxxxxxxxx\0USERNAME=ann\0\0");
    expect(text(units)).not.toContain("s3cr3t");
  });

  it("matches names case-insensitively, as Windows does", () => {
    const units = block(['opencode_config_content={"plugin":[]}']);
    expect(scrubUtf16EnvironmentBlock(["OPENCODE_CONFIG_CONTENT"], units)).toBe(1);
    expect(text(units)).toBe(`opencode_config_content=${"x".repeat(13)}\0\0`);
  });

  it("leaves a drive entry, a name that only starts the same and an empty value alone", () => {
    const units = block([
      "=OPENCODE_SERVER_PASSWORD=keep",
      "OPENCODE_SERVER_PASSWORD_X=keep",
      "OPENCODE_SERVER_PASSWORD=",
    ]);
    const before = text(units);
    expect(scrubUtf16EnvironmentBlock(["OPENCODE_SERVER_PASSWORD"], units)).toBe(0);
    expect(text(units)).toBe(before);
  });

  it("stops at the block's end marker and does not read past the given units", () => {
    const units = Uint16Array.from("A=1\0\0OPENCODE_SERVER_PASSWORD=beyond\0", (c) => c.charCodeAt(0));
    expect(scrubUtf16EnvironmentBlock(["OPENCODE_SERVER_PASSWORD"], units)).toBe(0);
    const unterminated = Uint16Array.from("OPENCODE_SERVER_PASSWORD=abc", (c) => c.charCodeAt(0));
    expect(scrubUtf16EnvironmentBlock(["OPENCODE_SERVER_PASSWORD"], unterminated)).toBe(1);
    expect(text(unterminated)).toBe("OPENCODE_SERVER_PASSWORD=xxx");
  });
});
