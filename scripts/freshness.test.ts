import { mkdirSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve, sep } from "node:path";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";
import { cliBundleOptions } from "./buildBackend.ts";
import { cliTarget, isFresh } from "./freshness.mjs";

describe("isFresh (what `npm run serve` rebuilds)", () => {
  const dir = mkdtempSync(join(tmpdir(), "turnkey-fresh-"));
  const src = join(dir, "src");
  mkdirSync(src);
  const source = join(src, "cli.ts");
  const test = join(src, "cli.test.ts");
  const output = join(dir, "dist.mjs");
  const target = { output, sources: [src] };
  const at = (file: string, seconds: number) => utimesSync(file, seconds, seconds);

  it("builds when the bundle is missing, or older than a source; not when only a test changed", () => {
    writeFileSync(source, "");
    writeFileSync(test, "");
    at(source, 1000);
    at(test, 1000);
    at(src, 1000);
    expect(isFresh(target)).toBe(false);
    writeFileSync(output, "");
    at(output, 2000);
    expect(isFresh(target)).toBe(true);
    at(test, 3000);
    expect(isFresh(target)).toBe(true);
    at(source, 3000);
    expect(isFresh(target)).toBe(false);
  });
});

describe("the CLI bundle's sources (a change to any of them rebuilds it)", () => {
  const root = join(import.meta.dirname, "..");
  const covered = (file: string) =>
    cliTarget.sources.some((source) => file === source || file.startsWith(`${source}${sep}`));

  /** The build script and every local module it imports, followed through their own imports. */
  function buildScriptModules(entry: string, seen = new Set<string>()): Set<string> {
    if (seen.has(entry)) return seen;
    seen.add(entry);
    for (const [, path] of readFileSync(entry, "utf8").matchAll(/\bfrom\s+"(\.{1,2}\/[^"]+)"/g)) {
      buildScriptModules(resolve(dirname(entry), path!), seen);
    }
    return seen;
  }

  it("lists the build script and every local module it imports (its esbuild plugins)", () => {
    const modules = [...buildScriptModules(join(root, "scripts", "buildBackend.ts"))];
    expect(modules.length).toBeGreaterThan(1);
    expect(modules.filter((file) => !covered(file)).map((file) => relative(root, file))).toEqual([]);
  });

  it("lists every file of ours that goes into the bundle", async () => {
    const result = await build({
      ...cliBundleOptions(),
      outdir: mkdtempSync(join(tmpdir(), "turnkey-fresh-cli-")),
      absWorkingDir: root,
      metafile: true,
      write: false,
    });
    const ours = Object.keys(result.metafile.inputs)
      .filter((input) => !input.includes("node_modules/") && !input.includes(":"))
      .map((input) => join(root, input));
    expect(ours.length).toBeGreaterThan(100);
    expect(ours.filter((file) => !covered(file)).map((file) => relative(root, file))).toEqual([]);
  });
});
