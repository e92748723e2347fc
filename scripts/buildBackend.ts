// Bundles the backend into one ESM file, every dependency inlined: the Electron worker
// (scripts/buildDesktop.ts) and the headless CLI (`npm run serve`) run the same kind of bundle,
// so neither transpiles TypeScript or resolves hundreds of modules at start-up.
import { mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { type BuildOptions, build } from "esbuild";
import { leanZod, withoutZodLocales } from "./leanZod.ts";

const root = join(import.meta.dirname, "..");
export const cliBundle = join(root, "apps", "backend", "dist", "cli.mjs");

export function backendBundleOptions(entry: string, outfile: string): BuildOptions {
  return {
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "esm",
    sourcemap: true,
    // Less source to hold and parse at start-up; names stay, so stack traces still read.
    minifyWhitespace: true,
    minifySyntax: true,
    logLevel: "warning",
    plugins: [withoutZodLocales, leanZod],
    // jsonc-parser's "main" is a UMD build whose factory require()s "./impl/format" at run time,
    // which esbuild cannot bundle (platform node reads "main" before "module": esbuild.github.io/api/#main-fields),
    // so the bundled backend failed with "Cannot find module './impl/format'" once the trust check
    // loaded it at start. Its "module" build is plain ESM.
    alias: { "jsonc-parser": "jsonc-parser/lib/esm/main.js" },
    // Some dependencies are CommonJS and call require(); give the ESM bundle one.
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  };
}

/**
 * V8 keeps a script's source for as long as it runs, one byte a character only when every
 * character is Latin-1; a single "…" left in a regular expression (esbuild escapes strings, not
 * regex literals) made the 1 MB bundle a 2 MB two-byte string. Escaping each UTF-16 unit as
 * \uXXXX means the same in strings, templates, regular expressions (also with the u flag, where
 * an escaped surrogate pair is one code point) and identifiers; only String.raw would differ,
 * and the backend has none with such characters.
 */
export function asciiOnly(code: string): string {
  return code.replace(/[^\0-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/**
 * Builds and writes each output atomically (temp file, then rename): several test files build
 * the bundles while others are already running them, and a process must never start from a
 * half-written file. JavaScript outputs are made ASCII-only (see asciiOnly).
 */
export async function buildAtomically(
  options: BuildOptions,
  entryFiles: string[] = options.outfile ? [options.outfile] : [],
): Promise<string[]> {
  const result = await build({ ...options, write: false });
  // Chunks before the entries that import them: a process started from a new entry finds them.
  const entries = new Set(entryFiles);
  const files = [...(result.outputFiles ?? [])].sort(
    (a, b) => Number(entries.has(a.path.replace(/\.map$/, ""))) - Number(entries.has(b.path.replace(/\.map$/, ""))),
  );
  for (const file of files) {
    mkdirSync(dirname(file.path), { recursive: true });
    const temp = `${file.path}.${process.pid}.tmp`;
    writeFileSync(temp, /\.[cm]?js$/.test(file.path) ? asciiOnly(file.text) : file.contents);
    renameSync(temp, file.path);
  }
  return files.map((file) => file.path);
}

const cliChunkPrefix = "cli-chunk-";

/**
 * The headless CLI, at apps/backend/dist/cli.mjs (beside src/, so its relative paths hold). What
 * only a request or an install runs (the HTTP adapter, opencode's SDK, tar, the registry proxy)
 * goes to chunks beside it, imported when first needed: a start reads, compiles and keeps in
 * memory a third less source (README "Start and idle memory, seventh round"). The chunks are
 * named by content, so a running backend's own chunks are never overwritten.
 */
export function cliBundleOptions(): BuildOptions {
  const { outfile: _single, ...options } = backendBundleOptions(
    join(root, "apps", "backend", "src", "cli.ts"),
    cliBundle,
  );
  return {
    ...options,
    outdir: dirname(cliBundle),
    splitting: true,
    entryNames: basename(cliBundle, ".mjs"),
    chunkNames: `${cliChunkPrefix}[hash]`,
    outExtension: { ".js": ".mjs" },
  };
}

export async function buildBackendCli(): Promise<void> {
  const written = new Set(await buildAtomically(cliBundleOptions(), [cliBundle]));
  // Older builds' chunks go once a day old: a backend started from one may still import it.
  const dayAgo = Date.now() - 24 * 3600_000;
  for (const name of readdirSync(dirname(cliBundle))) {
    const file = join(dirname(cliBundle), name);
    if (name.startsWith(cliChunkPrefix) && !written.has(file) && statSync(file).mtimeMs < dayAgo)
      rmSync(file, { force: true });
  }
}
