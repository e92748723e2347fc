// The real JobBinding: kernel32's job object functions through koffi (a maintained FFI library
// whose prebuilt binaries ship in its per-platform npm packages; no compiler at install time).
// Signatures and structures as documented at learn.microsoft.com/windows/win32/api/jobapi2/ and
// …/api/winnt/ns-winnt-jobobject_extended_limit_information.
import koffi from "koffi";
import type { JobBinding } from "./windowsJob.ts";

const JobObjectBasicProcessIdList = 3;
const JobObjectExtendedLimitInformation = 9;
const JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE = 0x2000;
const PROCESS_TERMINATE = 0x0001;
const PROCESS_SET_QUOTA = 0x0100;
const ERROR_MORE_DATA = 234;

let structs: ReturnType<typeof defineStructs> | null = null;

/** The structures, laid out by koffi with the platform's C alignment (registered once: koffi names are global). */
export function jobStructs() {
  structs ??= defineStructs();
  return structs;
}

function defineStructs() {
  const basic = koffi.struct("JOBOBJECT_BASIC_LIMIT_INFORMATION", {
    PerProcessUserTimeLimit: "int64_t",
    PerJobUserTimeLimit: "int64_t",
    LimitFlags: "uint32_t",
    MinimumWorkingSetSize: "size_t",
    MaximumWorkingSetSize: "size_t",
    ActiveProcessLimit: "uint32_t",
    Affinity: "uintptr_t",
    PriorityClass: "uint32_t",
    SchedulingClass: "uint32_t",
  });
  const io = koffi.struct("IO_COUNTERS", {
    ReadOperationCount: "uint64_t",
    WriteOperationCount: "uint64_t",
    OtherOperationCount: "uint64_t",
    ReadTransferCount: "uint64_t",
    WriteTransferCount: "uint64_t",
    OtherTransferCount: "uint64_t",
  });
  const extended = koffi.struct("JOBOBJECT_EXTENDED_LIMIT_INFORMATION", {
    BasicLimitInformation: basic,
    IoInfo: io,
    ProcessMemoryLimit: "size_t",
    JobMemoryLimit: "size_t",
    PeakProcessMemoryUsed: "size_t",
    PeakJobMemoryUsed: "size_t",
  });
  return { basic, io, extended };
}

/** Binds kernel32 (Windows only: koffi.load fails elsewhere). */
export function koffiJobBinding(): JobBinding {
  const { extended } = jobStructs();
  const kernel32 = koffi.load("kernel32.dll");
  const HANDLE = koffi.pointer("HANDLE", koffi.opaque());
  const CreateJobObjectW = kernel32.func("__stdcall", "CreateJobObjectW", HANDLE, ["void *", "str16"]);
  const SetInformationJobObject = kernel32.func("__stdcall", "SetInformationJobObject", "bool", [
    HANDLE,
    "int",
    koffi.pointer(extended),
    "uint32_t",
  ]);
  const QueryInformationJobObject = kernel32.func("__stdcall", "QueryInformationJobObject", "bool", [
    HANDLE,
    "int",
    "void *",
    "uint32_t",
    "void *",
  ]);
  const AssignProcessToJobObject = kernel32.func("__stdcall", "AssignProcessToJobObject", "bool", [HANDLE, HANDLE]);
  const TerminateJobObject = kernel32.func("__stdcall", "TerminateJobObject", "bool", [HANDLE, "uint32_t"]);
  const OpenProcess = kernel32.func("__stdcall", "OpenProcess", HANDLE, ["uint32_t", "bool", "uint32_t"]);
  const CloseHandle = kernel32.func("__stdcall", "CloseHandle", "bool", [HANDLE]);
  const GetLastError = kernel32.func("__stdcall", "GetLastError", "uint32_t", []);
  const fail = (call: string) => new Error(`${call} failed (Windows error ${GetLastError()})`);
  const pointerSize = koffi.sizeof("uintptr_t");

  return {
    createKillOnCloseJob() {
      const job = CreateJobObjectW(null, null);
      if (!job) throw fail("CreateJobObjectW");
      // Only KILL_ON_JOB_CLOSE: no BREAKAWAY_OK and no SILENT_BREAKAWAY_OK.
      const info = { BasicLimitInformation: { LimitFlags: JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE } };
      if (!SetInformationJobObject(job, JobObjectExtendedLimitInformation, info, koffi.sizeof(extended))) {
        const error = fail("SetInformationJobObject");
        CloseHandle(job);
        throw error;
      }
      return job;
    },
    assign(job, pid) {
      const process = OpenProcess(PROCESS_SET_QUOTA | PROCESS_TERMINATE, false, pid);
      if (!process) throw fail(`OpenProcess(${pid})`);
      try {
        if (!AssignProcessToJobObject(job, process)) throw fail("AssignProcessToJobObject");
      } finally {
        CloseHandle(process);
      }
    },
    processIds(job) {
      for (let capacity = 64; capacity <= 65_536; capacity *= 4) {
        // DWORD NumberOfAssignedProcesses; DWORD NumberOfProcessIdsInList; ULONG_PTR ProcessIdList[]
        const buffer = Buffer.alloc(8 + capacity * pointerSize);
        if (!QueryInformationJobObject(job, JobObjectBasicProcessIdList, buffer, buffer.length, null)) {
          if (GetLastError() === ERROR_MORE_DATA) continue;
          throw fail("QueryInformationJobObject");
        }
        const assigned = buffer.readUInt32LE(0);
        const listed = buffer.readUInt32LE(4);
        if (listed < assigned) continue;
        return Array.from({ length: listed }, (_, i) =>
          pointerSize === 8 ? Number(buffer.readBigUInt64LE(8 + i * 8)) : buffer.readUInt32LE(8 + i * 4),
        );
      }
      throw new Error("QueryInformationJobObject: the job holds too many processes to list");
    },
    terminate(job, exitCode) {
      if (!TerminateJobObject(job, exitCode)) throw fail("TerminateJobObject");
    },
    close(job) {
      CloseHandle(job);
    },
  };
}
