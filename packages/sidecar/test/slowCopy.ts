// A copy of the bundled program that stalls half way (a first launch copying ~180 MB past an
// antivirus scan), to test that a stop or a newer start aborts it. Only the first copy stalls;
// later ones copy for real. Without an abort the stalled copy never ends, as a lost signal would.
import { readFileSync, writeFileSync } from "node:fs";
import { type CopyHashing, copyHashing } from "../src/fileHash.ts";

export interface SlowCopy {
  copy: CopyHashing;
  /** Resolves once the first copy has written half of the program. */
  started: Promise<void>;
  /** Resolves once the first copy's signal aborted it. */
  aborted: Promise<void>;
  calls: number;
}

export function slowCopy(): SlowCopy {
  let markStarted: () => void = () => undefined;
  let markAborted: () => void = () => undefined;
  const slow: SlowCopy = {
    calls: 0,
    started: new Promise<void>((resolve) => (markStarted = resolve)),
    aborted: new Promise<void>((resolve) => (markAborted = resolve)),
    copy: async (source, target, onBytes, signal) => {
      if (slow.calls++ > 0) return copyHashing(source, target, onBytes, signal);
      const bytes = readFileSync(source);
      writeFileSync(target, bytes.subarray(0, bytes.length >> 1)); // half-written
      onBytes?.(bytes.length >> 1);
      markStarted();
      return new Promise<string>((_, reject) => {
        signal?.addEventListener("abort", () => {
          markAborted();
          reject(signal.reason);
        });
      });
    },
  };
  return slow;
}
