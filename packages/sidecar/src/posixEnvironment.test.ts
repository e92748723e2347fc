// The macOS scrub's mechanism (getenv's pointer, overwritten through bun:ffi) in the real Bun
// opencode runs on: on Linux the same bytes are what /proc/self/environ shows, on macOS what
// `ps eww` shows. Skipped on Windows, which has its own block (windowsEnvironment.ts).
import { describe, expect, it } from "vitest";
import { runInOpencodeBun } from "../test/opencodeBun.ts";
import { type BunPointerFfi, scrubPosixEnvironment } from "./posixEnvironment.ts";

const secret = "pw-posix-0123456789";

describe("scrubPosixEnvironment", () => {
  it.skipIf(process.platform === "win32")(
    "overwrites the start-up value in the real Bun, and Bun's process.env keeps its copy (POSIX: Windows has its own block)",
    async () => {
      const darwin = process.platform === "darwin";
      const script = `
        import { execFileSync } from "node:child_process";
        import { readFileSync } from "node:fs";
        const scrubPosixEnvironment = (${scrubPosixEnvironment.toString()});
        const result = scrubPosixEnvironment(["OPENCODE_SERVER_PASSWORD", "TURNKEY_NOT_SET"], await import("bun:ffi"), ${JSON.stringify(darwin ? "/usr/lib/libSystem.B.dylib" : "libc.so.6")});
        const seen = ${darwin} ? execFileSync("ps", ["eww", "-p", String(process.pid)], { encoding: "utf8" }) : readFileSync("/proc/self/environ", "latin1");
        console.log(JSON.stringify({ result, seen, kept: process.env.OPENCODE_SERVER_PASSWORD }));`;
      const out = JSON.parse(await runInOpencodeBun(script, { OPENCODE_SERVER_PASSWORD: secret }));
      expect(out.result).toEqual({ outcome: "scrubbed", overwritten: 1 });
      expect(out.seen).toContain(`OPENCODE_SERVER_PASSWORD=${"x".repeat(secret.length)}`);
      expect(out.seen).not.toContain(secret);
      expect(out.kept).toBe(secret);
    },
  );

  it("reports a copy instead of a view of the memory as a failure", () => {
    const memory = new Uint8Array(Buffer.from(secret));
    const ffi: BunPointerFfi = {
      dlopen: () => ({ symbols: { getenv: () => 1, strlen: () => BigInt(secret.length) }, close() {} }),
      toArrayBuffer: () => memory.slice().buffer,
    };
    expect(scrubPosixEnvironment(["OPENCODE_SERVER_PASSWORD"], ffi, "libc")).toMatchObject({ outcome: "failed" });
  });

  it("reports absent when no variable of that name was there", () => {
    const ffi: BunPointerFfi = {
      dlopen: () => ({ symbols: { getenv: () => null, strlen: () => 0n }, close() {} }),
      toArrayBuffer: () => new ArrayBuffer(0),
    };
    expect(scrubPosixEnvironment(["OPENCODE_SERVER_PASSWORD"], ffi, "libc")).toEqual({
      outcome: "absent",
      overwritten: 0,
    });
  });
});
