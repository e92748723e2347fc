// The preparation step of a start attempt, as the supervisor calls it: find (and if need be
// install or re-verify) the program before the startup timer runs, reporting progress as the
// status's `preparing`. The backend's RuntimeVersions.prepare is the implementation: the user's
// override, else the chosen version of the managed runtime, else node_modules and PATH.
import type { PreparingStatus } from "@turnkey/contracts";
import type { BinaryResolution } from "./resolveBinary.ts";

export type PrepareBinary = (
  signal: AbortSignal,
  onProgress: (progress: PreparingStatus) => void,
) => Promise<BinaryResolution>;
