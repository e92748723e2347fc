// The young generation stays at its first size while held, and grows again once released: checked
// in a fresh plain Node process (tsx's own loading would grow it first), which allocates what
// survives, as a start does, and reports V8's sizes.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { transformSync } from "esbuild";
import { expect, it } from "vitest";

const probe = `
import { getHeapSpaceStatistics } from "node:v8";
import { holdYoungGeneration, releaseYoungGeneration } from "./startupHeap.mjs";
const young = () => getHeapSpaceStatistics().find((s) => s.space_name === "new_space").space_size;
const kept = [];
const survive = () => { for (let i = 0; i < 200000; i++) kept.push({ i, name: "entry " + i }); };
const first = young();
holdYoungGeneration();
survive();
survive();
const held = young();
releaseYoungGeneration();
survive();
survive();
console.log(JSON.stringify({ first, held, released: young() }));
`;

it("holds V8's young generation while the backend starts and lets it grow after its first request", () => {
  const dir = mkdtempSync(join(tmpdir(), "startup-heap-"));
  try {
    const source = readFileSync(join(import.meta.dirname, "startupHeap.ts"), "utf8");
    writeFileSync(join(dir, "startupHeap.mjs"), transformSync(source, { loader: "ts", format: "esm" }).code);
    writeFileSync(join(dir, "probe.mjs"), probe);
    const out = execFileSync(process.execPath, [join(dir, "probe.mjs")], { encoding: "utf8", timeout: 60_000 });
    const { first, held, released } = JSON.parse(out) as { first: number; held: number; released: number };
    expect(held).toBeLessThanOrEqual(2 * first);
    expect(released).toBeGreaterThan(2 * first);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
