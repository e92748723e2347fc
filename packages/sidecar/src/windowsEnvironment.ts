// On Windows, opencode's start-up environment (OPENCODE_SERVER_PASSWORD among it) is one UTF-16
// block in its own memory, reachable from its PEB; any process of the same user can open it
// with PROCESS_VM_READ and read it, as Process Explorer's Environment tab does, and deleting the
// variable from process.env leaves those bytes alone. This walks PEB -> ProcessParameters ->
// Environment in the current process and overwrites the named values in place, so a reader finds
// "xxx" instead. Every read and write goes through a ProcessMemory (ReadProcessMemory and
// WriteProcessMemory on the process itself, see bunWindowsMemory.ts): a wrong address makes a
// call fail with an error code instead of crashing opencode, and a layout that does not look
// like this process's environment is reported, never written. Both functions reference nothing
// but their parameters and globals: their text runs inside the plugin opencode (Bun) loads.
//
// Offsets, 64-bit Windows (opencode ships x64 and arm64 builds only):
// - PEB.ProcessParameters at 0x20: winternl.h's 64-bit PEB is BYTE Reserved1[2]; BYTE
//   BeingDebugged; BYTE Reserved2[21]; PPEB_LDR_DATA LoaderData; PRTL_USER_PROCESS_PARAMETERS
//   ProcessParameters (learn.microsoft.com/en-us/windows/win32/api/winternl/ns-winternl-peb, Remarks).
// - RTL_USER_PROCESS_PARAMETERS: winternl.h documents BYTE Reserved1[16]; PVOID Reserved2[10];
//   UNICODE_STRING ImagePathName (0x60); UNICODE_STRING CommandLine (0x70)
//   (…/api/winternl/ns-winternl-rtl_user_process_parameters). The fields after CommandLine are
//   not in winternl.h; ntdll's public symbols give Length at 0x4, Environment (PVOID) at 0x80
//   and EnvironmentSize (bytes, SIZE_T) at 0x3f0 on x64 and arm64 since Windows Vista
//   (github.com/ntdiff/headers, _RTL_USER_PROCESS_PARAMETERS.h of Windows 10 ntdll). So the
//   structure's own Length must cover EnvironmentSize, and the block must hold entries of this
//   process's environment, before anything is written.
// - Block format: Var1=Value1\0 … VarN=ValueN\0\0 in UTF-16
//   (…/api/processenv/nf-processenv-getenvironmentstringsw); utf16EnvironBlock.ts edits it.

/** The current process's memory, as Read/WriteProcessMemory see it (injected in tests). */
export interface ProcessMemory {
  /** PROCESS_BASIC_INFORMATION.PebBaseAddress (NtQueryInformationProcess, ProcessBasicInformation). */
  pebAddress(): bigint;
  /** Exactly `length` bytes from `address`, or null when any of them is not readable. */
  read(address: bigint, length: number): Uint8Array | null;
  /** Writes all of `bytes` at `address`; false when any of them is not writable. */
  write(address: bigint, bytes: Uint8Array): boolean;
}

export interface EnvironmentBlock {
  address: bigint;
  /** The block up to and with its end marker (the second NUL of "\\0\\0"). */
  units: Uint16Array;
}

/** Finds and reads the environment block; a sentence (no secret in it) when the layout is not as expected. */
export function readWindowsEnvironmentBlock(memory: ProcessMemory): EnvironmentBlock | string {
  const pointer = (address: bigint) => {
    const bytes = memory.read(address, 8);
    return bytes ? new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true) : null;
  };
  const peb = memory.pebAddress();
  if (!peb) return "the process has no PEB address";
  const parameters = pointer(peb + 0x20n);
  if (!parameters) return "PEB.ProcessParameters could not be read";
  const header = memory.read(parameters, 8);
  const structLength = header ? new DataView(header.buffer, header.byteOffset, 8).getUint32(4, true) : 0;
  if (structLength < 0x3f8)
    return `RTL_USER_PROCESS_PARAMETERS is ${structLength} bytes, too short to hold EnvironmentSize`;
  const address = pointer(parameters + 0x80n);
  const size = pointer(parameters + 0x3f0n);
  if (!address || size === null) return "ProcessParameters.Environment could not be read";
  if (size < 4n || size % 2n !== 0n || size > 64n * 1024n * 1024n)
    return `EnvironmentSize ${size} is not a plausible size`;
  const bytes = memory.read(address, Number(size));
  if (!bytes) return "the environment block could not be read";
  const units = new Uint16Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
  let end = -1;
  for (let i = 1; i < units.length; i++) {
    if (units[i] === 0 && units[i - 1] === 0) {
      end = i;
      break;
    }
  }
  if (end < 0) return "the environment block has no end marker within EnvironmentSize";
  // Only the block itself: what EnvironmentSize covers past the end marker is not documented as
  // part of it (the format ends at "\0\0", see getenvironmentstringsw above) and may be other
  // data of the process, never to be written.
  return { address, units: units.slice(0, end + 1) };
}

export interface EnvironScrubResult {
  /** scrubbed: values overwritten and read back; absent: none was there; failed: see reason. */
  outcome: "scrubbed" | "absent" | "failed";
  overwritten: number;
  reason?: string;
}

/**
 * Overwrites the values of `names` (as `env`, this process's own copy, holds them) in the live
 * block. `env` also proves the block is ours: at least one of its other entries must match.
 */
export function scrubWindowsEnvironment(
  names: readonly string[],
  env: Record<string, string | undefined>,
  memory: ProcessMemory,
  helpers: {
    readBlock: (memory: ProcessMemory) => EnvironmentBlock | string;
    scrubBlock: (names: readonly string[], block: Uint16Array) => number;
  },
): EnvironScrubResult {
  const found = helpers.readBlock(memory);
  if (typeof found === "string") return { outcome: "failed", overwritten: 0, reason: found };
  const { address, units } = found;
  // TextDecoder, not String.fromCharCode(...units): a block can be longer than an argument list
  // may be. It maps each unpaired surrogate to one U+FFFD, so indexes stay those of the units.
  const decode = (block: Uint16Array) => new TextDecoder("utf-16le").decode(block);
  // The block is this process's if one of its other variables is there with the value the
  // runtime holds (names compare case-insensitively, as Windows does: a runtime may spell them
  // differently, "PATH" for "Path").
  const inBlock = new Map<string, string>();
  for (const entry of decode(units).split("\0")) {
    if (entry === "") break;
    const eq = entry.indexOf("=", 1);
    if (eq > 0) inBlock.set(entry.slice(0, eq).toUpperCase(), entry.slice(eq + 1));
  }
  const wanted = names.map((name) => name.toUpperCase());
  const ours = Object.entries(env).some(
    ([name, value]) => value && !wanted.includes(name.toUpperCase()) && inBlock.get(name.toUpperCase()) === value,
  );
  if (!ours) {
    return { outcome: "failed", overwritten: 0, reason: "the block found holds none of this process's variables" };
  }
  const before = units.slice();
  const overwritten = helpers.scrubBlock(names, units);
  if (overwritten === 0) return { outcome: "absent", overwritten: 0 };
  let first = 0;
  while (first < units.length && units[first] === before[first]) first++;
  if (first === units.length) return { outcome: "absent", overwritten: 0 };
  let last = units.length - 1;
  while (units[last] === before[last]) last--;
  const changed = new Uint8Array(units.buffer, first * 2, (last - first + 1) * 2);
  if (!memory.write(address + BigInt(first * 2), changed)) {
    return { outcome: "failed", overwritten: 0, reason: "WriteProcessMemory refused the environment block" };
  }
  const check = memory.read(address, units.length * 2);
  const after = check
    ? decode(new Uint16Array(check.buffer.slice(check.byteOffset, check.byteOffset + check.length)))
    : "";
  const left = names.some((name) => {
    const value = env[name];
    return !check || (value !== undefined && value.length > 0 && after.includes(value));
  });
  if (left) return { outcome: "failed", overwritten: 0, reason: "the value was still there when read back" };
  return { outcome: "scrubbed", overwritten };
}
