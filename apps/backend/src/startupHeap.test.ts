// The young generation stays at its first size while held, and grows again once released; V8's
// memory reducer gives a start's garbage back within a second once the backend waits, and not when
// a request came first. Checked in fresh plain Node processes (tsx's own loading would grow the
// heap first), which allocate what survives and what does not, as a start does, and report V8's
// sizes or the reducer's GC (a major GC collecting all external memory: its callback flag).
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { transformSync } from "esbuild";
import { expect, it } from "vitest";
import { startupReducerDelayMs } from "./startupHeap.ts";

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

const reducerProbe = `
import { constants, PerformanceObserver } from "node:perf_hooks";
import { holdYoungGeneration, releaseYoungGeneration, waitingAfterStart } from "./startupHeap.mjs";
holdYoungGeneration();
const kept = [];
for (let i = 0; i < 20000; i++) kept.push({ i, name: "entry " + i });
let garbage = [];
for (let i = 0; i < 20000; i++) garbage.push({ i, name: "gone " + i });
garbage = null;
const started = performance.now();
if (process.argv[2] === "request first") releaseYoungGeneration();
if (process.argv[2] !== "loading") waitingAfterStart();
if (process.argv[2] === "request after") releaseYoungGeneration();
const reducerGc = (e) =>
  e.detail.kind === constants.NODE_PERFORMANCE_GC_MAJOR && (e.detail.flags & constants.NODE_PERFORMANCE_GC_FLAGS_ALL_EXTERNAL_MEMORY) !== 0;
new PerformanceObserver((list) => {
  const gc = list.getEntries().find(reducerGc);
  if (gc) {
    console.log(JSON.stringify({ afterMs: Math.round(gc.startTime - started), kept: kept.length }));
    process.exit(0);
  }
}).observe({ entryTypes: ["gc"] });
// V8's own reducer would look 8 s after the heap grew: 2.5 s tells the two apart.
setTimeout(() => { console.log(JSON.stringify({ afterMs: null })); process.exit(0); }, 2500);
`;

function inFreshNode(probe: string, args: string[] = []): string {
  const dir = mkdtempSync(join(tmpdir(), "startup-heap-"));
  try {
    const source = readFileSync(join(import.meta.dirname, "startupHeap.ts"), "utf8");
    writeFileSync(join(dir, "startupHeap.mjs"), transformSync(source, { loader: "ts", format: "esm" }).code);
    writeFileSync(join(dir, "probe.mjs"), probe);
    return execFileSync(process.execPath, [join(dir, "probe.mjs"), ...args], { encoding: "utf8", timeout: 60_000 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

it("has V8's memory reducer give a start's garbage back once the backend waits, and leaves V8 alone once a request came", () => {
  const reducer = (when: string) =>
    (JSON.parse(inFreshNode(reducerProbe, [when])) as { afterMs: number | null }).afterMs;
  expect(reducer("waiting")).toBeLessThan(2_500);
  // Still loading (the backend never said it waits), and a request before it did: V8's own 8 s.
  expect(reducer("loading")).toBeNull();
  expect(reducer("request first")).toBeNull();
  // A request after it: V8 favours speed again before the reducer looks (review 30, M3).
  expect(reducer("request after")).toBeNull();
  // `npm run serve` sets the reducer's first look before it loads the bundle: the heap grows first.
  const serve = readFileSync(join(import.meta.dirname, "..", "..", "..", "scripts", "serve.mjs"), "utf8");
  expect(serve).toContain(`--gc-memory-reducer-start-delay-ms=${startupReducerDelayMs}`);
});

it("holds V8's young generation while the backend starts and lets it grow after its first request", () => {
  const { first, held, released } = JSON.parse(inFreshNode(probe)) as { first: number; held: number; released: number };
  expect(held).toBeLessThanOrEqual(2 * first);
  expect(released).toBeGreaterThan(2 * first);
});
