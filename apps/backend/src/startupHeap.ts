// V8's young generation held at its first size while the headless backend loads and starts, and
// let grow again at its first request. Nearly everything a start allocates survives (modules,
// functions, schemas), and V8 doubles the young generation each time that much has survived a
// scavenge: it stood at ~4 MB of pages in an idle backend until V8's memory reducer ran ~8 s
// later, the highest samples of bench 9 (README "…eighth round": 58.1 -> 57.0 MB). With the growth
// factor at 1 the survivors are promoted to old space at once, where they would end anyway.
// V8 11.3 (Node 20) reads the factor at each growth (SemiSpaceNewSpace::Grow, src/heap/new-spaces.cc);
// later V8s hold it at 2 or more (DEFINE_MIN_VALUE_IMPLICATION in flag-definitions.h), where this
// changes nothing. Node's own docs warn that flags set after start may do nothing: that is the
// worst case here, as the factor only ever sizes the next growth.
import { setFlagsFromString } from "node:v8";

let held = false;

/** Run before the bundle's other modules evaluate (startupHeapHold.ts, imported first by cli.ts). */
export function holdYoungGeneration(): void {
  setFlagsFromString("--semi-space-growth-factor=1");
  held = true;
}

/** V8's default again, once a request shows the backend is in use (a chat's bursts may need room). */
export function releaseYoungGeneration(): void {
  if (!held) return;
  held = false;
  setFlagsFromString("--semi-space-growth-factor=2");
}
