// A fresh opencode config folder makes opencode npm-install its plugin package
// (`@opencode-ai/plugin`, 63 MB with its dependencies) before it loads any plugin, and the backend
// always loads the secrets plugin: so the first call to each test's fresh opencode waited
// 10–20 s for an install that cost 5–7 s of CPU, in every file that starts the real opencode.
// opencode 1.18.33 skips the install when its config folder holds `node_modules` and the
// `package-lock.json` its install wrote (tried: without the lockfile it installs again, replacing
// a linked node_modules; opencodeSeed.test.ts fails if a new opencode decides otherwise). So the
// run has opencode install once into a folder of its own (cached in node_modules/.cache per
// opencode version), and each test's config folder gets copies of its package files and a link to
// its node_modules: HOME, config, data and secrets stay the test's own. This file is vitest's
// global setup (it starts that install in the background) and the workers' side
// (`seedOpencodeConfig`, which waits for it). Outside vitest (benchmarks) nothing is seeded.
import { type ChildProcess, spawn } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { generateSidecarPassword, loopbackRequest, parseListeningLine, resolveOpencodeBinary } from "@turnkey/sidecar";

const repo = join(import.meta.dirname, "..", "..", "..");
/** The finished folder's path; set by the global setup for every worker. */
export const seedVariable = "VITEST_OPENCODE_SEED";
/** A file the global setup writes when it could not make the folder (say, offline). */
const failedVariable = "VITEST_OPENCODE_SEED_FAILED";
const packageFiles = ["package.json", "package-lock.json"];

function opencodeVersion(): string {
  return JSON.parse(readFileSync(join(repo, "node_modules", "opencode-ai", "package.json"), "utf8")).version;
}

/** Whether `dir` is a finished install of the plugin package at `version`. */
function isSeeded(dir: string, version: string): boolean {
  try {
    if (!existsSync(join(dir, "package-lock.json"))) return false;
    const wanted = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).dependencies?.["@opencode-ai/plugin"];
    const installed = JSON.parse(
      readFileSync(join(dir, "node_modules", "@opencode-ai", "plugin", "package.json"), "utf8"),
    ).version;
    return wanted === version && installed === version;
  } catch {
    return false;
  }
}

/**
 * Gives the config folder `configDir` (`$XDG_CONFIG_HOME/opencode`) the run's installed plugin
 * package, waiting for the global setup to finish making it. A no-op outside a vitest run, and
 * when the setup failed (opencode then installs by itself, as it would for a user).
 */
export function seedOpencodeConfig(configDir: string): void {
  const seed = process.env[seedVariable];
  const failed = process.env[failedVariable];
  if (!seed || !failed) return;
  const deadline = Date.now() + 240_000;
  while (!existsSync(seed) && !existsSync(failed)) {
    if (Date.now() > deadline) return;
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100); // a synchronous pause
  }
  if (!existsSync(seed) || existsSync(join(configDir, "node_modules"))) return;
  mkdirSync(configDir, { recursive: true });
  for (const file of packageFiles) copyFileSync(join(seed, file), join(configDir, file));
  // A junction on Windows needs no symlink privilege (Node's fs.symlink docs); POSIX ignores the type.
  symlinkSync(join(seed, "node_modules"), join(configDir, "node_modules"), "junction");
}

/** Lets opencode install its plugin package into `dir`'s config folder; resolves once it has. */
async function installInto(dir: string, binary: string, children: Set<ChildProcess>): Promise<void> {
  const password = generateSidecarPassword();
  const plugin = join(dir, "seed-plugin.mjs");
  writeFileSync(plugin, "export const Seed = async () => ({});\n");
  const env: Record<string, string> = { ...(process.env as Record<string, string>) };
  for (const name of ["home", "config", "data", "state", "cache"]) mkdirSync(join(dir, name));
  Object.assign(env, {
    HOME: join(dir, "home"),
    USERPROFILE: join(dir, "home"),
    XDG_CONFIG_HOME: join(dir, "config"),
    XDG_DATA_HOME: join(dir, "data"),
    XDG_STATE_HOME: join(dir, "state"),
    XDG_CACHE_HOME: join(dir, "cache"),
    OPENCODE_DISABLE_AUTOUPDATE: "true",
    OPENCODE_DISABLE_MODELS_FETCH: "true",
    OPENCODE_SERVER_PASSWORD: password,
    // A plugin makes opencode finish installing before it loads plugins, so the first answer
    // below comes only once the install is done.
    OPENCODE_CONFIG_CONTENT: JSON.stringify({ plugin: [pathToFileURL(plugin).href] }),
  });
  delete env.OPENCODE_CONFIG;
  const child = spawn(binary, ["serve", "--hostname", "127.0.0.1", "--port", "0"], {
    cwd: join(dir, "home"),
    env,
    stdio: ["ignore", "pipe", "ignore"],
  });
  children.add(child);
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = "";
      const timer = setTimeout(() => reject(new Error("opencode did not start within 60 s")), 60_000);
      child.stdout?.on("data", (chunk: Buffer) => {
        out += chunk.toString();
        const found = out.split("\n").map(parseListeningLine).find(Boolean);
        if (found) {
          clearTimeout(timer);
          resolve(found.url);
        }
      });
      child.on("exit", (code) => reject(new Error(`opencode exited (${code}) before it listened`)));
    });
    const answer = await loopbackRequest(url, { path: "/provider", password, timeoutMs: 180_000 });
    if (answer.status !== 200) throw new Error(`opencode answered ${answer.status}`);
  } finally {
    child.kill("SIGKILL");
    children.delete(child);
  }
}

async function makeSeed(seed: string, children: Set<ChildProcess>): Promise<void> {
  const version = opencodeVersion();
  const binary = await resolveOpencodeBinary({ nodeModulesFrom: repo });
  if (!binary.ok) throw new Error(binary.error.message);
  // Made beside its final place, so the rename into it is atomic (and never across file systems).
  mkdirSync(join(seed, ".."), { recursive: true });
  const work = mkdtempSync(`${seed}.making-`);
  try {
    await installInto(work, binary.path, children);
    const made = join(work, "config", "opencode");
    if (!isSeeded(made, version)) throw new Error(`opencode left no @opencode-ai/plugin ${version} in ${made}`);
    try {
      renameSync(made, seed);
    } catch (error) {
      if (!isSeeded(seed, version)) throw error; // else another run made it meanwhile
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

export default function setup(): () => Promise<void> {
  const seed = join(repo, "node_modules", ".cache", "turnkey-opencode-config", opencodeVersion());
  const failed = join(mkdtempSync(join(tmpdir(), "turnkey-seed-status-")), "failed");
  process.env[seedVariable] = seed;
  process.env[failedVariable] = failed;
  const children = new Set<ChildProcess>();
  const making = isSeeded(seed, opencodeVersion())
    ? Promise.resolve()
    : makeSeed(seed, children).catch((error: Error) => {
        writeFileSync(failed, error.message);
        process.stderr.write(
          `\nopencode's plugin package was not installed once for the run (${error.message}); each test's opencode installs it.\n`,
        );
      });
  return async () => {
    for (const child of children) child.kill("SIGKILL");
    await making;
    rmSync(join(failed, ".."), { recursive: true, force: true });
  };
}
