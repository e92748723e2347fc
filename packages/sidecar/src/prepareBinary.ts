// The preparation step of a start attempt as the backend runs it: the user's override when one
// is set, else the managed runtime's verified copy (installed or re-verified here, its progress
// shown as the status's `preparing`), else node_modules and PATH. The bundled copy is only ever
// the source of the managed one: nothing unverified runs. Plug other steps (updates) in here.
import { dirname } from "node:path";
import type { PreparingStatus } from "@turnkey/contracts";
import type { ManagedRuntime } from "./managedRuntime.ts";
import { type BinaryLocatorOptions, type BinaryResolution, resolveOpencodeBinary } from "./resolveBinary.ts";

export type PrepareBinary = (
  signal: AbortSignal,
  onProgress: (progress: PreparingStatus) => void,
) => Promise<BinaryResolution>;

export function managedBinaryPreparation(runtime: ManagedRuntime, locator: BinaryLocatorOptions): PrepareBinary {
  return async (_signal, onProgress) => {
    if (locator.override) return resolveOpencodeBinary(locator);
    const off = runtime.onChange((state) => {
      if (state.phase === "checking" || state.phase === "copying") {
        onProgress({ progress: state.progress, message: state.message });
      }
    });
    let managedDir: string | null;
    try {
      const managed = await runtime.ensure();
      managedDir = managed ? dirname(managed) : null;
    } catch (error) {
      return { ok: false, error: { code: "runtime_damaged", message: (error as Error).message } };
    } finally {
      off();
    }
    return resolveOpencodeBinary({ ...locator, managedDir, bundledDir: null });
  };
}
