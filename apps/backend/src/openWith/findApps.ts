// Which of the catalogue's programs this computer has, and the executable each one starts from.
// The system, its environment and its files come in through a probe, so the Windows and macOS
// rules run in tests on Linux. PATH is searched here rather than with a library because the
// platform's rules (PATHEXT, `;`, a .cmd shim) must follow the injected platform, not the host's.
//
// A .cmd on PATH (VS Code's bin\code.cmd) is never started: Node refuses to spawn a batch file
// without a shell since CVE-2024-27980 (spawn EINVAL, Node 18.20.2/20.12.2), and through a shell
// a path holding `&` or `%` would be a command. The shim names the app it runs as `"%~dp0..\X.exe"`
// (the shim's own folder, then a relative path), and that executable is started instead.
import { posix, win32 } from "node:path";
import { pathEntries } from "../git/gitProgram.ts";
import { type CatalogEntry, catalog, fileManagerName } from "./appCatalog.ts";

export interface AppProbe {
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  home: string;
  /** Linux inside WSL: the desktop is Windows', reached through WSL's interop (systemProbe.ts). */
  wsl?: boolean;
  /** A file is there (an executable, an app execution alias, a script). */
  isFile(path: string): Promise<boolean>;
  isFolder(path: string): Promise<boolean>;
  /** A small text file's content (a .cmd shim), or null. */
  readText(path: string): Promise<string | null>;
}

export type FoundApp =
  | { entry: CatalogEntry; how: "program"; executable: string }
  /** A macOS app without a command line tool: `open -a <bundle>` (no line numbers). */
  | { entry: CatalogEntry; how: "bundle"; bundle: string }
  /** Started by the desktop's own call or the launcher's command for it (launchPlan.ts, localLauncher.ts). */
  | { entry: CatalogEntry; how: "file-manager" };

function env(probe: AppProbe, name: string): string | undefined {
  // Windows variable names ignore case (Path, LocalAppData).
  const key = Object.keys(probe.env).find((k) => k.toUpperCase() === name.toUpperCase());
  const value = key === undefined ? undefined : probe.env[key];
  return value === "" ? undefined : value;
}

/** `%NAME%` replaced from the environment; null when a variable is not set. */
function expand(probe: AppProbe, template: string): string | null {
  let missing = false;
  const expanded = template.replace(/%([^%]+)%/g, (_, name: string) => {
    const value = env(probe, name);
    if (value === undefined) missing = true;
    return value ?? "";
  });
  return missing ? null : expanded;
}

/** The executables a command name finds on PATH, in PATH's order (Windows: each PATHEXT extension). */
async function onPath(probe: AppProbe, command: string): Promise<string[]> {
  const windows = probe.platform === "win32";
  const path = windows ? win32 : posix;
  // Only absolute folders: a relative one would search the project the backend runs in.
  const folders = pathEntries(probe.env, probe.platform).filter((f) => path.isAbsolute(f));
  const extensions = windows
    ? (env(probe, "PATHEXT") ?? ".COM;.EXE;.BAT;.CMD")
        .split(";")
        .filter(Boolean)
        .map((e) => e.toLowerCase())
    : [""];
  const found: string[] = [];
  for (const folder of folders)
    for (const extension of extensions) {
      const candidate = path.join(folder, command + extension);
      if (await probe.isFile(candidate)) found.push(candidate);
    }
  return found;
}

/** The executable a Windows batch shim runs (`"%~dp0..\Code.exe"`), if it names one that is there. */
export async function shimTarget(probe: AppProbe, shim: string): Promise<string | null> {
  const text = await probe.readText(shim);
  if (text === null) return null;
  for (const quoted of text.match(/"[^"\r\n]*"/g) ?? []) {
    const token = quoted.slice(1, -1);
    const at = token.toLowerCase().indexOf("%~dp0");
    if (at !== 0 || !token.toLowerCase().endsWith(".exe")) continue;
    const target = win32.resolve(win32.dirname(shim), token.slice(5));
    if (await probe.isFile(target)) return target;
  }
  return null;
}

async function windowsExecutable(probe: AppProbe, entry: CatalogEntry): Promise<string | null> {
  for (const template of entry.win32?.installed ?? []) {
    const path = expand(probe, template);
    if (path !== null && (await probe.isFile(path))) return path;
  }
  for (const command of entry.win32?.commands ?? [])
    for (const candidate of await onPath(probe, command)) {
      const extension = win32.extname(candidate).toLowerCase();
      if (extension === ".exe" || extension === ".com") return candidate;
      if (extension === ".cmd" || extension === ".bat") {
        const target = await shimTarget(probe, candidate);
        if (target !== null) return target;
      }
    }
  return null;
}

async function macApp(probe: AppProbe, entry: CatalogEntry): Promise<FoundApp | null> {
  const spec = entry.darwin;
  if (!spec) return null;
  for (const bundleName of spec.bundles ?? [])
    for (const root of ["/Applications", "/System/Applications", posix.join(probe.home, "Applications")]) {
      const bundle = posix.join(root, `${bundleName}.app`);
      if (!(await probe.isFolder(bundle))) continue;
      if (spec.cli === undefined) return { entry, how: "bundle", bundle };
      const cli = posix.join(bundle, spec.cli);
      if (await probe.isFile(cli)) return { entry, how: "program", executable: cli };
      return { entry, how: "bundle", bundle };
    }
  for (const command of spec.commands ?? []) {
    const [first] = await onPath(probe, command);
    if (first !== undefined) return { entry, how: "program", executable: first };
  }
  return null;
}

async function find(probe: AppProbe, entry: CatalogEntry): Promise<FoundApp | null> {
  if (probe.platform === "win32") {
    if (!entry.win32) return null;
    const executable = await windowsExecutable(probe, entry);
    return executable === null ? null : { entry, how: "program", executable };
  }
  if (probe.platform === "darwin") return macApp(probe, entry);
  for (const command of entry.linux?.commands ?? []) {
    const [first] = await onPath(probe, command);
    if (first !== undefined) return { entry, how: "program", executable: first };
  }
  return null;
}

/** The file manager: Explorer and Finder are part of the system; Linux needs xdg-open. */
async function fileManager(probe: AppProbe): Promise<FoundApp | null> {
  const found: FoundApp = {
    entry: { id: "files", name: fileManagerName(probe.platform, probe.wsl), kind: "files" },
    how: "file-manager",
  };
  if (probe.platform === "win32" || probe.platform === "darwin") return found;
  // In WSL, Windows' own explorer.exe, on the PATH WSL appends Windows' to; elsewhere xdg-open.
  const [opener] = await onPath(probe, probe.wsl ? "explorer.exe" : "xdg-open");
  return opener === undefined ? null : found;
}

/** Editors first (in the catalogue's order), then the file manager, then terminals; one per id. */
export async function findApps(probe: AppProbe): Promise<FoundApp[]> {
  const found = await Promise.all(catalog.map((entry) => find(probe, entry)));
  const files = await fileManager(probe);
  const all = [...found, files].filter((app): app is FoundApp => app !== null);
  const order = { editor: 0, files: 1, terminal: 2 } as const;
  const seen = new Set<string>();
  return all
    .sort((a, b) => order[a.entry.kind] - order[b.entry.kind])
    .filter((app) => !seen.has(app.entry.id) && seen.add(app.entry.id));
}
