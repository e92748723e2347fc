// The opencode binary the backend runs, set up once at start: the managed copy, the versions to
// choose from (an override, the chosen version verified, node_modules, PATH) and the updater that
// installs new ones. Kept out of startBackend.ts, which composes the rest.

import { join } from "node:path";
import {
  defaultCpuProbes,
  ManagedRuntime,
  platformPackageNames,
  type RegistryOptions,
  registryUrl,
  type SettingsFile,
  type SidecarSupervisor,
} from "@turnkey/sidecar";
import type { BackendOptions } from "../backendOptions.ts";
import type { BackendSettings } from "../profile.ts";
import { RuntimeUpdater } from "./runtimeUpdater.ts";
import { RuntimeVersions } from "./runtimeVersions.ts";

export interface RuntimeSetup {
  runtime: ManagedRuntime;
  versions: RuntimeVersions;
  /** The updater, once the supervisor it restarts exists; the versions install through it. */
  updaterFor(supervisor: SidecarSupervisor): RuntimeUpdater;
}

/** `nodeModulesFrom`: where the node_modules lookup starts (the backend's own folder). */
export async function setUpRuntime(
  options: BackendOptions,
  settings: SettingsFile<typeof BackendSettings>,
  nodeModulesFrom: string,
): Promise<RuntimeSetup> {
  const runtime = new ManagedRuntime({
    bundledDir: options.bundledBinaryDir ?? null,
    root: join(options.dataDir, "runtime", "opencode"),
    ...(options.runtimeCopy ? { copy: options.runtimeCopy } : {}),
  });
  const binary = {
    override: options.opencodeBin ?? null,
    overrideLabel: options.opencodeBinLabel ?? "--opencode-bin",
    nodeModulesFrom,
    ...options.supervisor?.binary,
  };
  const updates = options.runtimeUpdates ?? {};
  const packageName =
    updates.packageName ?? platformPackageNames(process.platform, process.arch, defaultCpuProbes())[0]!;
  const registry = (): RegistryOptions => ({
    registry: updates.registry ?? registryUrl(),
    ...(updates.fetch ? { fetch: updates.fetch } : {}),
  });
  let updater: RuntimeUpdater | null = null;
  // Override → the chosen version, verified (the bundled copy only ever seeds the managed one:
  // nothing unverified runs) → node_modules → PATH.
  const versions = new RuntimeVersions({
    runtime,
    settings,
    binary,
    flagVersion: options.opencodeVersion ?? null,
    install: async (version, signal) => {
      await updater?.install(version, signal);
    },
  });
  await versions.locateShipped();
  return {
    runtime,
    versions,
    updaterFor: (supervisor) => {
      updater = new RuntimeUpdater({
        versions,
        supervisor,
        packageName,
        registry,
        ...(updates.healthWindowMs !== undefined ? { healthWindowMs: updates.healthWindowMs } : {}),
      });
      return updater;
    },
  };
}
