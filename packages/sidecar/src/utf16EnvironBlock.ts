// On Windows a process's environment is one UTF-16 block in its own memory, reachable from its
// PEB (ProcessParameters->Environment); a same-user process (a tool opencode runs) can read it
// with ReadProcessMemory, as Process Explorer's Environment tab does. Deleting a variable from
// process.env leaves those bytes alone when the runtime copied the block at start-up. This is the
// platform-free half of the Windows scrub: given the block's UTF-16 code units, it overwrites the
// named variables' values with "x" in place, so the block keeps its length and layout.
// Block format (learn.microsoft.com/en-us/windows/win32/api/processenv/nf-processenv-getenvironmentstringsw):
//   Var1=Value1\0 Var2=Value2\0 ... VarN=ValueN\0\0 ; a name cannot contain "=", but the
// drive-current-directory entries the shell keeps start with one ("=C:=C:\dir"), so the name's
// "=" is searched from the second unit. Names compare case-insensitively, as Windows does.
// Like scrubInitialEnvironment it references nothing but its parameters and globals, so its text
// can run inside the plugin opencode (Bun) loads, where windowsEnvironment.ts hands it the live block.

/** Overwrites the values of `names` in a UTF-16 environment block; returns how many it changed. */
export function scrubUtf16EnvironmentBlock(names: readonly string[], block: Uint16Array): number {
  const wanted = names.map((name) => name.toUpperCase());
  let overwritten = 0;
  for (let at = 0; at < block.length && block[at] !== 0; ) {
    let stop = block.indexOf(0, at);
    if (stop < 0) stop = block.length;
    let eq = -1;
    for (let i = at + 1; i < stop; i++) {
      if (block[i] === 0x3d) {
        eq = i;
        break;
      }
    }
    if (eq > 0) {
      const name = String.fromCharCode(...block.subarray(at, eq)).toUpperCase();
      if (wanted.includes(name) && stop > eq + 1) {
        block.fill(0x78, eq + 1, stop);
        overwritten++;
      }
    }
    at = stop + 1;
  }
  return overwritten;
}
