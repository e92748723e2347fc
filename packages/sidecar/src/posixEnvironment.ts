// On macOS a process's start-up environment stays in the string area the kernel copied at exec,
// and any process of the same user reads it back with `ps eww` (sysctl KERN_PROCARGS2); deleting
// the variable from process.env leaves those bytes alone. getenv(3) returns a pointer to the
// value inside that string ("NAME=value", pointed to by environ) for every variable the process
// started with, so overwriting the bytes it points to is what `ps eww` shows afterwards. The
// same holds for glibc on Linux (the bytes /proc/<pid>/environ shows), which is how this is
// tested here with the real Bun inside opencode; Linux itself uses initialEnviron.ts.
// bun:ffi (bun.sh/docs/api/ffi): a "cstring" argument takes a NUL-terminated buffer, a "ptr"
// result is a number, and toArrayBuffer(pointer, offset, length) is a view of that memory, not a
// copy, so writing through it writes the process's memory. Bun's process.env makes its string
// of a variable from those same bytes the first time the variable is read, and keeps it: so each
// value is read through process.env first, and opencode keeps what it reads later (checked with
// opencode 1.18.33's Bun 1.3.14: unread, process.env showed the "x"s afterwards).
// Its text runs inside the plugin opencode loads: it references nothing but its parameters.
import type { BunFfi } from "./bunWindowsMemory.ts";
import type { EnvironScrubResult } from "./windowsEnvironment.ts";

export interface BunPointerFfi extends BunFfi {
  toArrayBuffer(pointer: number, offset: number, length: number): ArrayBuffer;
}

/** Overwrites the values of `names` where getenv finds them; `libc` is the C library's path. */
export function scrubPosixEnvironment(names: readonly string[], ffi: BunPointerFfi, libc: string): EnvironScrubResult {
  const lib = ffi.dlopen(libc, {
    getenv: { args: ["cstring"], returns: "ptr" },
    strlen: { args: ["ptr"], returns: "u64" },
  });
  try {
    let overwritten = 0;
    for (const name of names) {
      const kept = process.env[name];
      const value = lib.symbols.getenv?.(new TextEncoder().encode(`${name}\0`)) as number | null;
      if (!value) continue;
      const length = Number(lib.symbols.strlen?.(value));
      if (length === 0) continue;
      new Uint8Array(ffi.toArrayBuffer(value, 0, length)).fill(0x78);
      // Read back through a new view: a copy instead of a view would show the old bytes.
      if (new Uint8Array(ffi.toArrayBuffer(value, 0, length)).some((byte) => byte !== 0x78)) {
        return { outcome: "failed", overwritten, reason: "the value did not change when overwritten" };
      }
      if (process.env[name] !== kept) {
        process.env[name] = kept;
        return { outcome: "failed", overwritten, reason: "the runtime's own copy changed with the bytes" };
      }
      overwritten++;
    }
    return overwritten > 0 ? { outcome: "scrubbed", overwritten } : { outcome: "absent", overwritten: 0 };
  } finally {
    lib.close();
  }
}
