import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isFresh } from "./freshness.mjs";

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
