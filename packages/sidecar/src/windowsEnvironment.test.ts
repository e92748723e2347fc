import { describe, expect, it } from "vitest";
import { runInOpencodeBun } from "../test/opencodeBun.ts";
import { scrubUtf16EnvironmentBlock } from "./utf16EnvironBlock.ts";
import {
  type EnvironScrubResult,
  type ProcessMemory,
  readWindowsEnvironmentBlock,
  scrubWindowsEnvironment,
} from "./windowsEnvironment.ts";

const secret = "pw-0123456789abcdef";
const peb = 0x7ff6_0000_1000n;
const params = 0x1f0_0000_2000n;
const envAt = 0x1f0_0000_9000n;

/**
 * A process's memory as regions; reads and writes outside them fail, as Read/WriteProcessMemory
 * do. Standalone (its text also runs in opencode's Bun below).
 */
function regionMemory(
  pebAddress: bigint,
  regions: [bigint, Uint8Array][],
  writable: boolean,
  writes: [bigint, number][],
): ProcessMemory {
  const region = (address: bigint, length: number) => {
    for (const [start, bytes] of regions) {
      const from = Number(address - start);
      if (address >= start && from + length <= bytes.length) return bytes.subarray(from, from + length);
    }
    return null;
  };
  return {
    pebAddress: () => pebAddress,
    read: (address, length) => region(address, length)?.slice() ?? null,
    write(address, bytes) {
      const target = region(address, bytes.length);
      if (!target || !writable) return false;
      target.set(bytes);
      writes.push([address, bytes.length]);
      return true;
    },
  };
}

/** A process with a PEB, its parameters and its environment block holding `entries`. */
function fakeProcess(entries: string[], options: { paramsLength?: number; tail?: string; writable?: boolean } = {}) {
  const text = `${entries.map((e) => `${e}\0`).join("")}\0${options.tail ?? ""}`;
  const block = new Uint8Array(Uint16Array.from(text, (c) => c.charCodeAt(0)).buffer);
  const pebBytes = new Uint8Array(0x40);
  new DataView(pebBytes.buffer).setBigUint64(0x20, params, true);
  const paramBytes = new Uint8Array(0x440);
  const view = new DataView(paramBytes.buffer);
  view.setUint32(4, options.paramsLength ?? 0x440, true);
  view.setBigUint64(0x80, envAt, true);
  view.setBigUint64(0x3f0, BigInt(block.length), true);
  const regions: [bigint, Uint8Array][] = [
    [peb, pebBytes],
    [params, paramBytes],
    [envAt, block],
  ];
  const writes: [bigint, number][] = [];
  const memory = regionMemory(peb, regions, options.writable !== false, writes);
  const live = () => String.fromCharCode(...new Uint16Array(block.slice().buffer));
  return { memory, live, writes, paramBytes, regions };
}

const helpers = { readBlock: readWindowsEnvironmentBlock, scrubBlock: scrubUtf16EnvironmentBlock };
const env = { Path: "C:\\Windows", OPENCODE_SERVER_PASSWORD: secret };
const entries = ["=C:=C:\\work", "Path=C:\\Windows", `OPENCODE_SERVER_PASSWORD=${secret}`, "USERNAME=ann"];

describe("scrubWindowsEnvironment", () => {
  it("overwrites the password in the live block, writing only the bytes that change", () => {
    const process = fakeProcess(entries);
    const before = process.live();
    const result = scrubWindowsEnvironment(["OPENCODE_SERVER_PASSWORD"], env, process.memory, helpers);
    expect(result).toEqual({ outcome: "scrubbed", overwritten: 1 });
    expect(process.live()).toBe(before.replace(secret, "x".repeat(secret.length)));
    expect(process.writes).toEqual([[envAt + BigInt(before.indexOf(secret) * 2), secret.length * 2]]);
  });

  it("recognises the block by a variable the runtime spells in another case", () => {
    const process = fakeProcess(entries);
    const upper = { PATH: "C:\\Windows", OPENCODE_SERVER_PASSWORD: secret };
    expect(scrubWindowsEnvironment(["OPENCODE_SERVER_PASSWORD"], upper, process.memory, helpers)).toEqual({
      outcome: "scrubbed",
      overwritten: 1,
    });
  });

  it("writes nothing past the block's end marker, whatever EnvironmentSize covers", () => {
    const process = fakeProcess(entries, { tail: `SWORD=${secret}\0` });
    const before = process.live();
    const result = scrubWindowsEnvironment(["OPENCODE_SERVER_PASSWORD"], env, process.memory, helpers);
    expect(result).toEqual({ outcome: "scrubbed", overwritten: 1 });
    const end = before.indexOf("\0\0") + 2;
    expect(process.live().slice(end)).toBe(before.slice(end));
    expect(process.live().slice(0, end)).not.toContain(secret);
    for (const [address, length] of process.writes)
      expect(address + BigInt(length)).toBeLessThanOrEqual(envAt + BigInt(end * 2));
  });

  it("reports absent and writes nothing when the block holds no password", () => {
    const process = fakeProcess(["Path=C:\\Windows"]);
    expect(scrubWindowsEnvironment(["OPENCODE_SERVER_PASSWORD"], env, process.memory, helpers)).toEqual({
      outcome: "absent",
      overwritten: 0,
    });
    expect(process.writes).toEqual([]);
  });

  const failures: [string, () => ReturnType<typeof fakeProcess>, Record<string, string>, RegExp][] = [
    [
      "a parameters structure too short for EnvironmentSize",
      () => fakeProcess(entries, { paramsLength: 0x300 }),
      env,
      /too short/,
    ],
    [
      "a block holding none of this process's variables",
      () => fakeProcess(entries),
      { OPENCODE_SERVER_PASSWORD: secret, Path: "D:\\" },
      /none of this process/,
    ],
    [
      "an Environment pointer into unreadable memory",
      () => {
        const p = fakeProcess(entries);
        new DataView(p.paramBytes.buffer).setBigUint64(0x80, 0x10n, true);
        return p;
      },
      env,
      /could not be read/,
    ],
    [
      "an implausible EnvironmentSize",
      () => {
        const p = fakeProcess(entries);
        new DataView(p.paramBytes.buffer).setBigUint64(0x3f0, 3n, true);
        return p;
      },
      env,
      /not a plausible size/,
    ],
    [
      "a block without its end marker",
      () => {
        const p = fakeProcess(entries);
        new DataView(p.paramBytes.buffer).setBigUint64(0x3f0, 20n, true);
        return p;
      },
      env,
      /no end marker/,
    ],
    ["memory that refuses the write", () => fakeProcess(entries, { writable: false }), env, /refused/],
  ];
  it.each(failures)("fails, with a reason and no secret, and writes nothing, on %s", (_, make, ownEnv, reason) => {
    const process = make();
    const before = process.live();
    const result: EnvironScrubResult = scrubWindowsEnvironment(
      ["OPENCODE_SERVER_PASSWORD"],
      ownEnv,
      process.memory,
      helpers,
    );
    expect(result.outcome).toBe("failed");
    expect(result.reason).toMatch(reason);
    expect(result.reason).not.toContain(secret);
    expect(process.live()).toBe(before);
  });

  it("fails when the value is still there when read back", () => {
    const process = fakeProcess(entries);
    const memory = { ...process.memory, write: () => true };
    expect(scrubWindowsEnvironment(["OPENCODE_SERVER_PASSWORD"], env, memory, helpers)).toMatchObject({
      outcome: "failed",
      reason: "the value was still there when read back",
    });
  });

  it("runs in opencode's own Bun, from its source text as the plugin holds it", async () => {
    const { regions } = fakeProcess(entries);
    const script = `
      const scrubUtf16EnvironmentBlock = (${scrubUtf16EnvironmentBlock.toString()});
      const readWindowsEnvironmentBlock = (${readWindowsEnvironmentBlock.toString()});
      const scrubWindowsEnvironment = (${scrubWindowsEnvironment.toString()});
      const regionMemory = (${regionMemory.toString()});
      const regions = ${JSON.stringify(regions.map(([at, bytes]) => [String(at), Buffer.from(bytes).toString("base64")]))}
        .map(([at, bytes]) => [BigInt(at), new Uint8Array(Buffer.from(bytes, "base64"))]);
      const memory = regionMemory(${peb}n, regions, true, []);
      const helpers = { readBlock: readWindowsEnvironmentBlock, scrubBlock: scrubUtf16EnvironmentBlock };
      const result = scrubWindowsEnvironment(["OPENCODE_SERVER_PASSWORD"], ${JSON.stringify(env)}, memory, helpers);
      console.log(JSON.stringify({ result, block: new TextDecoder("utf-16le").decode(regions[2][1]) }));`;
    const out = JSON.parse(await runInOpencodeBun(script));
    expect(out.result).toEqual({ outcome: "scrubbed", overwritten: 1 });
    expect(out.block).toContain(`OPENCODE_SERVER_PASSWORD=${"x".repeat(secret.length)}\0USERNAME=ann`);
    expect(out.block).not.toContain(secret);
  });

  it("runs from its own source text, as the plugin opencode loads runs it", () => {
    const standalone = <T>(fn: T): T => new Function(`return (${String(fn)})`)() as T;
    const process = fakeProcess(entries);
    const result = standalone(scrubWindowsEnvironment)(["OPENCODE_SERVER_PASSWORD"], env, process.memory, {
      readBlock: standalone(readWindowsEnvironmentBlock),
      scrubBlock: standalone(scrubUtf16EnvironmentBlock),
    });
    expect(result).toEqual({ outcome: "scrubbed", overwritten: 1 });
    expect(process.live()).not.toContain(secret);
  });
});
