// The bun:ffi binding, against a fake bun:ffi module: which functions it binds with which types,
// and how it reads their results. The real calls run on Windows (apps/backend/test/startupEnvironment.test.ts).
import { describe, expect, it } from "vitest";
import { type BunFfi, bunWindowsMemory } from "./bunWindowsMemory.ts";

const currentProcess = 0xffff_ffff_ffff_ffffn;

function fakeFfi(calls: { ntStatus?: number; readOk?: number; readDone?: (length: bigint) => bigint } = {}) {
  const opened: Record<string, Record<string, { args: string[]; returns: string }>> = {};
  const seen: unknown[][] = [];
  const closed: string[] = [];
  const ffi: BunFfi = {
    dlopen(library, symbols) {
      opened[library] = symbols;
      const impl: Record<string, (...args: unknown[]) => unknown> = {
        GetCurrentProcess: () => currentProcess,
        NtQueryInformationProcess: (...args) => {
          seen.push(["NtQueryInformationProcess", ...args]);
          (args[2] as BigUint64Array)[1] = 0x7ff6_1234_5000n;
          return calls.ntStatus ?? 0;
        },
        ReadProcessMemory: (...args) => {
          seen.push(["ReadProcessMemory", ...args]);
          (args[2] as Uint8Array).fill(7);
          (args[4] as BigUint64Array)[0] = calls.readDone ? calls.readDone(args[3] as bigint) : (args[3] as bigint);
          return calls.readOk ?? 1;
        },
        WriteProcessMemory: (...args) => {
          seen.push(["WriteProcessMemory", ...args]);
          (args[4] as BigUint64Array)[0] = args[3] as bigint;
          return 1;
        },
      };
      return { symbols: impl, close: () => closed.push(library) };
    },
  };
  return { ffi, opened, seen, closed };
}

describe("bunWindowsMemory", () => {
  it("binds kernel32 and ntdll with 64-bit handles and addresses, and buffers as pointers", () => {
    const { ffi, opened } = fakeFfi();
    bunWindowsMemory(ffi);
    const rw = { args: ["u64", "u64", "ptr", "u64", "ptr"], returns: "i32" };
    expect(opened["kernel32.dll"]).toEqual({
      GetCurrentProcess: { args: [], returns: "u64" },
      ReadProcessMemory: rw,
      WriteProcessMemory: rw,
    });
    expect(opened["ntdll.dll"]).toEqual({
      NtQueryInformationProcess: { args: ["u64", "u32", "ptr", "u32", "ptr"], returns: "i32" },
    });
  });

  it("asks for ProcessBasicInformation (48 bytes) on the current process and returns PebBaseAddress", () => {
    const { ffi, seen } = fakeFfi();
    expect(bunWindowsMemory(ffi).pebAddress()).toBe(0x7ff6_1234_5000n);
    expect(seen[0]?.slice(0, 3)).toEqual(["NtQueryInformationProcess", currentProcess, 0]);
    expect(seen[0]?.[4]).toBe(48);
  });

  it("throws with the NTSTATUS when the query fails", () => {
    const { ffi } = fakeFfi({ ntStatus: -1073741820 });
    expect(() => bunWindowsMemory(ffi).pebAddress()).toThrow("NTSTATUS 0xc0000004");
  });

  it("reads exactly the bytes asked for, and null on a failed or short read", () => {
    expect(bunWindowsMemory(fakeFfi().ffi).read(0x1000n, 4)).toEqual(new Uint8Array([7, 7, 7, 7]));
    expect(bunWindowsMemory(fakeFfi({ readOk: 0 }).ffi).read(0x1000n, 4)).toBeNull();
    expect(bunWindowsMemory(fakeFfi({ readDone: (n) => n - 1n }).ffi).read(0x1000n, 4)).toBeNull();
  });

  it("writes a copy of the bytes (offset 0) at the address, and closes both libraries", () => {
    const { ffi, seen, closed } = fakeFfi();
    const memory = bunWindowsMemory(ffi);
    const view = new Uint8Array([1, 2, 3, 4]).subarray(2);
    expect(memory.write(0x2000n, view)).toBe(true);
    const [, handle, address, buffer, size] = seen[0] ?? [];
    expect([handle, address, size]).toEqual([currentProcess, 0x2000n, 2n]);
    expect(buffer).toEqual(new Uint8Array([3, 4]));
    expect((buffer as Uint8Array).byteOffset).toBe(0);
    memory.close();
    expect(closed).toEqual(["kernel32.dll", "ntdll.dll"]);
  });
});
