// "Open in" on a Linux desktop whose programs are stand-ins: sh scripts on a PATH of their own that
// write how they were started (working folder, then each argument, to <out>/<name>.args; their
// environment to <out>/<name>.env) and exit with the code asked. The backend's and the browser's
// Open in tests start a backend with `openWith` and read back what was started.
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { BackendOptions } from "../src/backendOptions.ts";
import { localLauncher } from "../src/openWith/localLauncher.ts";
import { systemProbe } from "../src/openWith/systemProbe.ts";

export interface StandInDesktop {
  /** The backend's `openWith` option: these programs found and started as on Linux. */
  openWith: NonNullable<BackendOptions["openWith"]>;
  /** Where the stand-ins write. */
  out: string;
  /** How a stand-in was started: its working folder, then each argument. */
  started(name: string): string[];
}

/** The stand-ins (name → exit code) in `dir`, and the environment they are started with beside PATH and OUT. */
export function standInDesktop(
  dir: string,
  programs: Record<string, number>,
  env: NodeJS.ProcessEnv = { DISPLAY: ":0" },
): StandInDesktop {
  const bin = join(dir, "bin");
  const out = join(dir, "out");
  mkdirSync(bin, { recursive: true });
  mkdirSync(out, { recursive: true });
  for (const [name, exitCode] of Object.entries(programs)) {
    writeFileSync(
      join(bin, name),
      `#!/bin/sh\n{ pwd; for a in "$@"; do printf '%s\\n' "$a"; done; } > "$OUT/${name}.args"\nenv > "$OUT/${name}.env"\nexit ${exitCode}\n`,
    );
    chmodSync(join(bin, name), 0o755);
  }
  const launchEnv = { PATH: `${bin}:/usr/bin:/bin`, OUT: out, ...env };
  return {
    openWith: {
      probe: systemProbe("linux", launchEnv, dir),
      launcher: localLauncher("linux", launchEnv, join(bin, "xdg-open")),
    },
    out,
    started: (name) =>
      readFileSync(join(out, `${name}.args`), "utf8")
        .trimEnd()
        .split("\n"),
  };
}
