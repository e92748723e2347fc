// The ProcessMemory windowsEnvironment.ts walks, bound with bun:ffi inside opencode (which runs
// on Bun; the plugin has no node_modules, so no koffi). Its text runs in the plugin, so it takes
// the bun:ffi module as a parameter and references nothing else.
// - bun:ffi: dlopen(library, { name: { args, returns } }); "u64" arguments take a bigint and
//   "u64" results are bigints; a "ptr" argument takes a TypedArray (its memory is passed) or null
//   (bun.sh/docs/api/ffi, and bun.sh/reference/bun:ffi/FFITypeToArgsType). Checked with the Bun
//   inside opencode 1.18.33 (1.3.14): memcpy(ptr, u64, u64) copied a buffer, results were bigints.
//   On Windows dlopen loads with LoadLibrary(A, later ExW with no flags), so a bare "kernel32.dll"
//   resolves through the default DLL search order (github.com/oven-sh/bun/pull/33712).
// - GetCurrentProcess returns the pseudo handle (HANDLE)-1, valid in the calling process with
//   PROCESS_ALL_ACCESS (learn.microsoft.com/en-us/windows/win32/api/processthreadsapi/nf-processthreadsapi-getcurrentprocess).
// - NtQueryInformationProcess(handle, ProcessBasicInformation = 0, buffer, 48, NULL): on 64-bit
//   Windows PROCESS_BASIC_INFORMATION is ExitStatus (NTSTATUS, padded to 8), PebBaseAddress at 8,
//   AffinityMask, BasePriority, UniqueProcessId, InheritedFromUniqueProcessId: 48 bytes; it
//   returns an NTSTATUS, 0 on success (…/api/winternl/nf-winternl-ntqueryinformationprocess).
// - ReadProcessMemory / WriteProcessMemory(handle, address, buffer, size, &done) return a BOOL
//   (read as i32) and fail, without touching anything, when any byte of the range is not
//   accessible (…/api/memoryapi/nf-memoryapi-readprocessmemory, …-writeprocessmemory).
import type { ProcessMemory } from "./windowsEnvironment.ts";

/** The parts of bun:ffi this uses (typed loosely: the module exists only inside Bun). */
export interface BunFfi {
  dlopen(
    library: string,
    symbols: Record<string, { args: string[]; returns: string }>,
  ): { symbols: Record<string, (...args: unknown[]) => unknown>; close(): void };
}

export function bunWindowsMemory(ffi: BunFfi): ProcessMemory & { close(): void } {
  const kernel32 = ffi.dlopen("kernel32.dll", {
    GetCurrentProcess: { args: [], returns: "u64" },
    ReadProcessMemory: { args: ["u64", "u64", "ptr", "u64", "ptr"], returns: "i32" },
    WriteProcessMemory: { args: ["u64", "u64", "ptr", "u64", "ptr"], returns: "i32" },
  });
  const ntdll = ffi.dlopen("ntdll.dll", {
    NtQueryInformationProcess: { args: ["u64", "u32", "ptr", "u32", "ptr"], returns: "i32" },
  });
  const self = kernel32.symbols.GetCurrentProcess?.() as bigint;
  return {
    pebAddress() {
      const info = new BigUint64Array(6);
      const status = ntdll.symbols.NtQueryInformationProcess?.(self, 0, info, 48, null) as number;
      if (status !== 0) throw new Error(`NtQueryInformationProcess failed (NTSTATUS 0x${(status >>> 0).toString(16)})`);
      return info[1] ?? 0n;
    },
    read(address, length) {
      const bytes = new Uint8Array(length);
      const done = new BigUint64Array(1);
      const ok = kernel32.symbols.ReadProcessMemory?.(self, address, bytes, BigInt(length), done) as number;
      return ok !== 0 && done[0] === BigInt(length) ? bytes : null;
    },
    write(address, bytes) {
      const done = new BigUint64Array(1);
      // A copy: its memory starts at offset 0, whatever view it was given.
      const ok = kernel32.symbols.WriteProcessMemory?.(
        self,
        address,
        bytes.slice(),
        BigInt(bytes.length),
        done,
      ) as number;
      return ok !== 0 && done[0] === BigInt(bytes.length);
    },
    close() {
      kernel32.close();
      ntdll.close();
    },
  };
}
