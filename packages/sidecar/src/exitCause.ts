// Names the cause of an opencode exit when the exit itself says it: a CPU that lacks an
// instruction the build uses (SIGILL: the AVX2 build on an older CPU, or the wrong libc), or a
// config file opencode refused (its own message and the file). Null when nothing is recognised,
// and the generic "stopped while starting" message with the last output stands.
import type { SidecarError } from "@turnkey/contracts";
import { isIllegalInstruction } from "./platformPackage.ts";

const ansi = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, "g");

export function exitCause(exit: {
  code: number | null;
  signal: string | null;
  output: readonly string[];
}): SidecarError | null {
  if (isIllegalInstruction(exit)) {
    return {
      code: "illegal_instruction",
      message:
        "OpenCode's program stopped on a processor instruction this computer does not have (SIGILL). The likely cause is a build for newer CPUs (with AVX2) on an older one, or a build for another C library (musl or glibc). Set TURNKEY_OPENCODE_BIN to an opencode `-baseline` (or `-musl`) build, from the npm package opencode-<os>-<arch>-baseline.",
    };
  }
  const lines = exit.output.map((line) => line.replace(ansi, ""));
  for (const [index, line] of lines.entries()) {
    // opencode 1.x: "Error: Config file at <path> is not valid JSON(C):" followed by the parser's
    // report, or "Configuration is invalid at <path>" followed by the schema's complaint.
    const match =
      /Config file at (.+?) is not valid JSON\(?C?\)?:?\s*$/.exec(line) ??
      /Configuration is invalid at (.+?)\s*$/.exec(line);
    if (!match?.[1]) continue;
    const detail = lines
      .slice(index + 1, index + 12)
      .map((l) => l.trim())
      .filter((l) => l !== "" && !/^-+ .* -+$/.test(l) && !/^\^$/.test(l))
      .find((l) => /error|expected|invalid|unrecognized|line \d+/i.test(l));
    const what = line.replace(/^.*?(Error:\s*)?(?=Config)/, "").trim();
    return {
      code: "config_invalid",
      message: `OpenCode rejected its config file ${match[1]}: ${what}${detail ? ` ${detail}` : ""} Fix the file (or move it away) and press Start.`,
    };
  }
  return null;
}
