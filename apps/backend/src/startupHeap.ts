// V8's young generation held at its first size while the headless backend loads and starts, its
// start-up garbage given back while OpenCode starts, and V8's defaults restored at its first
// request. Nearly everything a start allocates survives (modules, functions, schemas), and V8
// doubles the young generation each time that much has survived a scavenge: it stood at ~4 MB of
// pages in an idle backend until V8's memory reducer ran ~8 s later, the highest samples of bench 9
// (README "…eighth round": 58.1 -> 57.0 MB). With the growth factor at 1 the survivors are promoted
// to old space at once, where they would end anyway.
// V8 11.3 (Node 20) reads the factor at each growth (SemiSpaceNewSpace::Grow, src/heap/new-spaces.cc);
// later V8s hold it at 2 or more (DEFINE_MIN_VALUE_IMPLICATION in flag-definitions.h), where this
// changes nothing. Node's own docs warn that flags set after start may do nothing: that is the
// worst case here, as each flag only ever sizes or times V8's next step.
//
// What a start leaves behind (~1.5 MB of garbage promoted with the survivors, the young
// generation's second MB, old-space pages not compacted: ~3.4 MB) only V8's memory reducer gives
// back; a forced gc() frees the objects and keeps their pages (README "Idle memory, round 30").
// The reducer first looks 8 s after the heap first grows and then runs only if allocation has been
// low or V8 is told to favour memory (src/heap/memory-reducer.cc: TimerTask::RunInternal, Step),
// so every sample of bench 9 before ~8 s was ~3 MB over the level after. Here it first looks
// 0.4 s after the heap first grows, and once the backend only waits (for OpenCode) V8 is told to
// favour memory (`--optimize-for-size`) for a few seconds, so the reducer's GCs run while OpenCode
// starts. The window is narrow: on this machine the backend says it waits ~0.13 s after the heap
// first grows, and the reducer looks 0.5 s after it (the delay, and V8's 0.1 s of slack). A start
// ~4 times slower (a very busy machine, a first run that builds the bundle) or a full GC during it
// puts the reducer back to its usual 8 s, after the favouring has ended: no gain, nothing worse.
import { setFlagsFromString } from "node:v8";

/**
 * When V8's memory reducer first looks after the heap first grows (V8's default: 8,000 ms). The
 * heap first grows before cli.ts runs under `npm run serve`, so scripts/serve.mjs sets the same.
 */
export const startupReducerDelayMs = 400;
const defaultReducerDelayMs = 8_000;
/** How long V8 favours memory after the start: the reducer's three GCs are ~0.6 s apart. */
const favourMemoryMs = 5_000;

let held = false;
let favouringMemory = false;

/** Run before the bundle's other modules evaluate (startupHeapHold.ts, imported first by cli.ts). */
export function holdYoungGeneration(): void {
  setFlagsFromString("--semi-space-growth-factor=1");
  setFlagsFromString(`--gc-memory-reducer-start-delay-ms=${startupReducerDelayMs}`);
  held = true;
}

/**
 * The backend has started and waits for OpenCode: V8 favours memory for a few seconds, so its
 * memory reducer gives the start's garbage back. Not once a request has come: it restored V8's
 * defaults, and a backend in use favours speed.
 */
export function waitingAfterStart(): void {
  if (!held || favouringMemory) return;
  favouringMemory = true;
  setFlagsFromString("--optimize-for-size");
  setTimeout(favourSpeed, favourMemoryMs).unref();
}

function favourSpeed(): void {
  if (favouringMemory) setFlagsFromString("--no-optimize-for-size");
  favouringMemory = false;
  setFlagsFromString(`--gc-memory-reducer-start-delay-ms=${defaultReducerDelayMs}`);
}

/** V8's defaults again, once a request shows the backend is in use (a chat's bursts may need room). */
export function releaseYoungGeneration(): void {
  if (!held) return;
  held = false;
  setFlagsFromString("--semi-space-growth-factor=2");
  favourSpeed();
}
