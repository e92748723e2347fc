// What any process of this user reads of another's start-up environment: /proc/<pid>/environ on
// Linux, `ps eww` (sysctl KERN_PROCARGS2) on macOS, and on Windows the UTF-16 block behind the
// other process's PEB, read with ReadProcessMemory as Process Explorer does. Tests only.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { type ProcessMemory, readWindowsEnvironmentBlock } from "../src/windowsEnvironment.ts";

export async function startupEnvironmentOf(pid: number): Promise<string> {
  if (process.platform === "linux") return readFileSync(`/proc/${pid}/environ`, "latin1").replaceAll("\0", "\n");
  if (process.platform === "darwin") return execFileSync("ps", ["eww", "-p", String(pid)], { encoding: "utf8" });
  const memory = await koffiProcessMemory(pid);
  try {
    const block = readWindowsEnvironmentBlock(memory);
    if (typeof block === "string") throw new Error(`Could not read the environment of ${pid}: ${block}`);
    return new TextDecoder("utf-16le").decode(block.units).replaceAll("\0", "\n");
  } finally {
    memory.close();
  }
}

// OpenProcess with PROCESS_QUERY_INFORMATION (NtQueryInformationProcess needs it) and
// PROCESS_VM_READ (ReadProcessMemory needs it): learn.microsoft.com/en-us/windows/win32/procthread/process-security-and-access-rights,
// …/api/memoryapi/nf-memoryapi-readprocessmemory, …/api/winternl/nf-winternl-ntqueryinformationprocess.
const PROCESS_QUERY_INFORMATION = 0x0400;
const PROCESS_VM_READ = 0x0010;

async function koffiProcessMemory(pid: number): Promise<ProcessMemory & { close(): void }> {
  const { default: koffi } = await import("koffi");
  const kernel32 = koffi.load("kernel32.dll");
  const ntdll = koffi.load("ntdll.dll");
  const OpenProcess = kernel32.func("__stdcall", "OpenProcess", "void *", ["uint32_t", "bool", "uint32_t"]);
  const CloseHandle = kernel32.func("__stdcall", "CloseHandle", "bool", ["void *"]);
  const GetLastError = kernel32.func("__stdcall", "GetLastError", "uint32_t", []);
  const ReadProcessMemory = kernel32.func("__stdcall", "ReadProcessMemory", "bool", [
    "void *",
    "uint64_t",
    "void *",
    "size_t",
    "void *",
  ]);
  const NtQueryInformationProcess = ntdll.func("__stdcall", "NtQueryInformationProcess", "int32_t", [
    "void *",
    "uint32_t",
    "void *",
    "uint32_t",
    "void *",
  ]);
  const handle = OpenProcess(PROCESS_QUERY_INFORMATION | PROCESS_VM_READ, false, pid);
  if (!handle) throw new Error(`OpenProcess(${pid}) failed (Windows error ${GetLastError()})`);
  return {
    pebAddress() {
      const info = Buffer.alloc(48); // PROCESS_BASIC_INFORMATION on 64-bit Windows
      const status = NtQueryInformationProcess(handle, 0, info, info.length, null) as number;
      if (status !== 0) throw new Error(`NtQueryInformationProcess failed (NTSTATUS 0x${(status >>> 0).toString(16)})`);
      return info.readBigUInt64LE(8);
    },
    read(address, length) {
      const bytes = Buffer.alloc(length);
      const done = Buffer.alloc(8);
      // A user-mode address (below 2^47) is exact as a number, which koffi takes for uint64_t.
      const ok = ReadProcessMemory(handle, Number(address), bytes, length, done) as boolean;
      return ok && done.readBigUInt64LE(0) === BigInt(length) ? new Uint8Array(bytes) : null;
    },
    write: () => false,
    close: () => CloseHandle(handle),
  };
}
