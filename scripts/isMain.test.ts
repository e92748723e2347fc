// A script run through a symlinked path (a junction or `subst` drive on Windows) is still its own
// main module: Node's loader names it by its real path, argv[1] by the path it was given.
import { mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect, it } from "vitest";
import { isMain } from "./isMain.ts";

let dir = "";
afterEach(() => rmSync(dir, { recursive: true, force: true }));

it("knows the script it runs through a symlinked folder, and no other file", () => {
  dir = realpathSync(mkdtempSync(join(tmpdir(), "turnkey-ismain-")));
  const real = join(dir, "real");
  writeFileSync(join(dir, "script.ts"), "");
  symlinkSync(dir, real, "junction");
  const meta = { filename: join(dir, "script.ts") } as ImportMeta;
  expect(isMain(meta, join(real, "script.ts"))).toBe(true);
  expect(isMain(meta, join(dir, "script.ts"))).toBe(true);
  expect(isMain(meta, join(dir, "other.ts"))).toBe(false);
  expect(isMain(meta, undefined)).toBe(false);
  // `node --import tsx scripts/script`: run without its extension.
  expect(isMain(meta, join(real, "script"))).toBe(true);
  // --preserve-symlinks-main: the loader names it by the link's path.
  expect(isMain({ filename: join(real, "script.ts") } as ImportMeta, join(dir, "script.ts"))).toBe(true);
  writeFileSync(join(dir, "other.ts"), "");
  expect(isMain(meta, join(dir, "other.ts"))).toBe(false); // a file that exists, not the module
});
