// The Windows CI workflow's steps after the build (.github/workflows/windows.yml), one subcommand
// each, so the workflow is only a list of project scripts:
//   install <setup.exe>   silent per-user install (NSIS /S), then find the installed app
//   launch                start the installed app with a known launch token
//   healthy               wait until the backend answers and OpenCode is running
//   kill                  end the app abruptly (taskkill /F without /T: only the job object may
//                         take opencode.exe down with it)
//   no-opencode           wait until no opencode.exe runs for this user
//   uninstall             silent uninstall, and the install folder is gone
// The pure parts are tested under Node here; the steps themselves need Windows and say so.
import { execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, win32 } from "node:path";
import { sharedDataDir, windowsSystemPaths } from "@turnkey/sidecar";

export const productName = "OpenCode Turnkey";
export const exeName = `${productName}.exe`;
const stateFile = join(tmpdir(), "turnkey-windows-smoke.json");

/** Where electron-builder's per-user one-click NSIS installer puts the app. */
export function installDirCandidates(env: NodeJS.ProcessEnv): string[] {
  const programs = win32.join(env.LOCALAPPDATA ?? "", "Programs");
  return [win32.join(programs, "opencode-turnkey"), win32.join(programs, productName)];
}

/** The last port the desktop log announced ("The backend is ready on port N."). */
export function backendPortFromLog(log: string): number | null {
  const ports = [...log.matchAll(/The backend is ready on port (\d+)\./g)].map((m) => Number(m[1]));
  return ports.at(-1) ?? null;
}

/** Image names in `tasklist /FO CSV /NH` output. */
export function tasklistImages(csv: string): string[] {
  return csv
    .split(/\r?\n/)
    .map((line) => /^"([^"]+)"/.exec(line)?.[1])
    .filter((name): name is string => name !== undefined);
}

/** Polls `check` until it returns a value, or fails with `what` after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | null> | T | null,
  timeoutMs: number,
  everyMs = 500,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs / 1000} s waiting for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

function installDir(): string {
  const found = installDirCandidates(process.env).find((dir) => existsSync(win32.join(dir, exeName)));
  if (!found) throw new Error(`${productName} is not installed in ${installDirCandidates(process.env).join(" or ")}.`);
  return found;
}

function userProcesses(image: string): string[] {
  const { taskkill } = windowsSystemPaths();
  const tasklist = win32.join(win32.dirname(taskkill), "tasklist.exe");
  const user = process.env.USERNAME ?? "";
  const out = execFileSync(
    tasklist,
    ["/FI", `USERNAME eq ${user}`, "/FI", `IMAGENAME eq ${image}`, "/FO", "CSV", "/NH"],
    {
      encoding: "utf8",
    },
  );
  return tasklistImages(out).filter((name) => name.toLowerCase() === image.toLowerCase());
}

const steps: Record<string, (args: string[]) => Promise<void>> = {
  async install([setup]) {
    if (!setup || !existsSync(setup)) throw new Error(`Give the installer to run (not found: ${setup ?? "nothing"}).`);
    execFileSync(setup, ["/S"], { stdio: "inherit" });
    const dir = await waitFor(
      "the installed app",
      () => {
        try {
          return installDir();
        } catch {
          return null;
        }
      },
      60_000,
    );
    process.stdout.write(`Installed in ${dir}\n`);
  },
  async launch() {
    const token = randomBytes(32).toString("base64url");
    const child = spawn(win32.join(installDir(), exeName), [], {
      detached: true,
      stdio: "ignore",
      env: { ...process.env, TURNKEY_TOKEN: token, TURNKEY_DISABLE_UPDATES: "1" },
    });
    child.unref();
    writeFileSync(stateFile, JSON.stringify({ token, pid: child.pid }));
    process.stdout.write(`Launched ${exeName} (pid ${child.pid})\n`);
  },
  async healthy() {
    const { token } = JSON.parse(readFileSync(stateFile, "utf8")) as { token: string };
    const log = join(sharedDataDir(), "logs", "desktop.log");
    const port = await waitFor(
      "the backend's port in desktop.log",
      () => (existsSync(log) ? backendPortFromLog(readFileSync(log, "utf8")) : null),
      120_000,
    );
    const status = await waitFor(
      "OpenCode to be running",
      async () => {
        const answer = await fetch(`http://127.0.0.1:${port}/api/status`, {
          headers: { authorization: `Bearer ${token}` },
        }).catch(() => null);
        const body = answer?.ok ? ((await answer.json()) as { state: string; pid: number | null }) : null;
        return body?.state === "running" ? body : null;
      },
      180_000,
      1_000,
    );
    process.stdout.write(`OpenCode is running (pid ${status.pid}) behind the backend on port ${port}\n`);
  },
  async kill() {
    if (userProcesses("opencode.exe").length === 0)
      throw new Error("No opencode.exe runs before the kill: nothing would be proven.");
    execFileSync(windowsSystemPaths().taskkill, ["/F", "/IM", exeName], { stdio: "inherit" });
  },
  async "no-opencode"() {
    await waitFor(
      "every opencode.exe to end",
      () => (userProcesses("opencode.exe").length === 0 ? true : null),
      15_000,
    );
    process.stdout.write("No opencode.exe left.\n");
  },
  async uninstall() {
    const dir = installDir();
    execFileSync(win32.join(dir, `Uninstall ${productName}.exe`), ["/S"], { stdio: "inherit" });
    await waitFor("the install folder to go", () => (existsSync(win32.join(dir, exeName)) ? null : true), 60_000);
    if (existsSync(join(sharedDataDir(), "runtime")))
      throw new Error("The uninstaller left the opencode runtime copies behind.");
    process.stdout.write("Uninstalled.\n");
  },
};

// Run as a script (not imported by its test): matched by file name, since a path comparison that
// differed only in a drive letter's case would skip every step and exit 0, a silent pass.
if (basename(process.argv[1] ?? "") === "windowsSmoke.ts") {
  const [name = "", ...args] = process.argv.slice(2);
  const step = steps[name];
  try {
    if (!step) throw new Error(`Usage: windowsSmoke.ts ${Object.keys(steps).join("|")}`);
    if (process.platform !== "win32") throw new Error(`"${name}" installs and runs the Windows app; it needs Windows.`);
    mkdirSync(tmpdir(), { recursive: true });
    await step(args);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(1);
  }
}
