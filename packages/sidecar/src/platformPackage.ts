// Which npm package holds opencode's executable for a machine, chosen the way opencode-ai's own
// postinstall.mjs does (an x64 CPU without AVX2 needs the `-baseline` build, musl Linux needs
// `-musl`), so the node_modules lookup, staging and registry updates all pick the same build.
// The probes are injected: tests choose the CPU and libc, and nothing is probed until needed.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";

export interface CpuProbes {
  /** x64 only: whether the CPU has AVX2, which the standard (non-baseline) build requires. */
  avx2(): boolean;
  /** Linux only: whether the C library is musl (Alpine and friends). */
  musl(): boolean;
}

const npmPlatformNames: Partial<Record<NodeJS.Platform, string>> = {
  win32: "windows",
  darwin: "darwin",
  linux: "linux",
};

export function npmPlatformName(platform: NodeJS.Platform | string): string {
  return npmPlatformNames[platform as NodeJS.Platform] ?? platform;
}

export function executableName(platform: NodeJS.Platform | string): string {
  return platform === "win32" ? "opencode.exe" : "opencode";
}

/** `opencode-<os>-<arch>`: the package without any variant suffix. */
export function basePackageName(platform: NodeJS.Platform | string, arch: string): string {
  return `opencode-${npmPlatformName(platform)}-${arch}`;
}

/** The platform packages that can hold this machine's binary, best first (postinstall.mjs's order). */
export function platformPackageNames(platform: NodeJS.Platform | string, arch: string, probes: CpuProbes): string[] {
  const base = basePackageName(platform, arch);
  const baseline = arch === "x64" && !probes.avx2();
  if (platform === "linux") {
    if (probes.musl()) {
      if (arch !== "x64") return [`${base}-musl`, base];
      return baseline
        ? [`${base}-baseline-musl`, `${base}-musl`, `${base}-baseline`, base]
        : [`${base}-musl`, `${base}-baseline-musl`, base, `${base}-baseline`];
    }
    if (arch !== "x64") return [base, `${base}-musl`];
    return baseline
      ? [`${base}-baseline`, base, `${base}-baseline-musl`, `${base}-musl`]
      : [base, `${base}-baseline`, `${base}-musl`, `${base}-baseline-musl`];
  }
  if (arch === "x64") return baseline ? [`${base}-baseline`, base] : [base, `${base}-baseline`];
  return [base];
}

/** Probes of the machine this process runs on, each run at most once. */
export function hostCpuProbes(platform: NodeJS.Platform = process.platform, arch: string = process.arch): CpuProbes {
  let avx2: boolean | undefined;
  let musl: boolean | undefined;
  return {
    avx2: () => {
      avx2 ??= arch === "x64" && probeAvx2(platform);
      return avx2;
    },
    musl: () => {
      musl ??= platform === "linux" && probeMusl();
      return musl;
    },
  };
}

let sharedHostProbes: CpuProbes | null = null;
/** One set of host probes per process: the answers cannot change while it runs. */
export function defaultCpuProbes(): CpuProbes {
  sharedHostProbes ??= hostCpuProbes();
  return sharedHostProbes;
}

function probeAvx2(platform: NodeJS.Platform): boolean {
  try {
    if (platform === "linux") return /(^|\s)avx2(\s|$)/im.test(readFileSync("/proc/cpuinfo", "utf8"));
    if (platform === "darwin") {
      const result = spawnSync("sysctl", ["-n", "hw.optional.avx2_0"], { encoding: "utf8", timeout: 1_500 });
      return result.status === 0 && result.stdout.trim() === "1";
    }
    if (platform === "win32") {
      // IsProcessorFeaturePresent(PF_AVX2_INSTRUCTIONS_AVAILABLE = 40), as postinstall.mjs asks it:
      // https://learn.microsoft.com/en-us/windows/win32/api/processthreadsapi/nf-processthreadsapi-isprocessorfeaturepresent
      const command =
        '(Add-Type -MemberDefinition "[DllImport(""kernel32.dll"")] public static extern bool IsProcessorFeaturePresent(int ProcessorFeature);" -Name Kernel32 -Namespace Win32 -PassThru)::IsProcessorFeaturePresent(40)';
      const root = process.env.SystemRoot ?? "C:\\Windows";
      const powershell = `${root}\\System32\\WindowsPowerShell\\v1.0\\powershell.exe`;
      const result = spawnSync(powershell, ["-NoProfile", "-NonInteractive", "-Command", command], {
        encoding: "utf8",
        timeout: 3_000,
        windowsHide: true,
      });
      return result.status === 0 && ["true", "1"].includes(result.stdout.trim().toLowerCase());
    }
  } catch {
    // A blocked probe means "assume the oldest CPU": the baseline build runs everywhere.
  }
  return false;
}

/**
 * Which C library `/usr/bin/ldd` belongs to, from its content: glibc's is a shell script naming
 * "the GNU C Library", musl's is musl's own loader (the check detect-libc makes before running
 * anything). null when it says neither, and `ldd --version` has to be asked.
 */
export function muslFromLdd(content: string): boolean | null {
  if (content.includes("musl")) return true;
  if (content.includes("GNU C Library")) return false;
  return null;
}

function probeMusl(): boolean {
  try {
    if (existsSync("/etc/alpine-release")) return true;
    // Reading the file takes well under a millisecond; running ldd took ~5 ms of every start.
    const known = muslFromLdd(readFileSync("/usr/bin/ldd", "latin1"));
    if (known !== null) return known;
  } catch {
    // probes blocked by the host, or no ldd file: fall through to running ldd
  }
  try {
    const result = spawnSync("ldd", ["--version"], { encoding: "utf8", timeout: 1_500 });
    return `${result.stdout ?? ""}${result.stderr ?? ""}`.toLowerCase().includes("musl");
  } catch {
    return false;
  }
}

// Windows reports a CPU fault as the process's exit code: STATUS_ILLEGAL_INSTRUCTION, 0xC000001D
// (NTSTATUS values: https://learn.microsoft.com/en-us/openspecs/windows_protocols/ms-erref/596a1078-e883-4972-9bbc-49e60bebca55).
const statusIllegalInstruction = 0xc000001d;

/** Whether an exit means the CPU refused an instruction (SIGILL on POSIX). */
export function isIllegalInstruction(exit: { code: number | null; signal: string | null }): boolean {
  if (exit.signal === "SIGILL") return true;
  return exit.code !== null && exit.code >>> 0 === statusIllegalInstruction;
}
