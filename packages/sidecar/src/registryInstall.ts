// Installs one opencode version from the npm registry into the runtime store, beside the others:
// download (checked against the registry's integrity hash) into a staging folder, unpack only the
// executable, record its sha256 in the manifest, rename the folder into place. Whatever fails or
// is cancelled on the way, the staging folder goes and no version appears.
import { existsSync, renameSync, rmSync, statSync } from "node:fs";
import { chmod } from "node:fs/promises";
import { join } from "node:path";
import type { RuntimeManifest } from "@turnkey/contracts";
import { sha256File } from "./fileHash.ts";
import { downloadVerified, type PackageVersion, RegistryError, type RegistryOptions } from "./npmRegistry.ts";
import { executableName } from "./platformPackage.ts";
import { type RuntimeStore, writeRuntimeManifest } from "./runtimeStore.ts";

export type InstallStep = "downloading" | "verifying" | "installing";

export async function installFromRegistry(options: {
  store: RuntimeStore;
  packageName: string;
  entry: PackageVersion;
  registry: RegistryOptions;
  onProgress?: (step: InstallStep, progress: number | null) => void;
  signal?: AbortSignal;
}): Promise<RuntimeManifest> {
  const { store, entry, packageName } = options;
  const file = executableName(store.platform);
  store.removeLeftovers();
  const staging = store.staging(entry.version);
  try {
    const tarball = join(staging, "package.tgz");
    options.onProgress?.("downloading", 0);
    await downloadVerified(entry, tarball, {
      ...options.registry,
      ...(options.signal ? { signal: options.signal } : {}),
      onProgress: (received, total) => options.onProgress?.("downloading", total ? received / total : null),
    });
    options.onProgress?.("verifying", null);
    const inner = `package/bin/${file}`;
    try {
      // Loaded on first use: an install is rare, and tar's modules would otherwise sit in every
      // idle backend's memory.
      const { extract } = await import("tar");
      await extract({ file: tarball, cwd: staging, filter: (path) => path === inner });
    } catch (error) {
      throw new RegistryError(
        "invalid",
        `${packageName}@${entry.version} could not be unpacked: ${(error as Error).message}.`,
      );
    }
    const unpacked = join(staging, "package", "bin", file);
    if (!existsSync(unpacked)) {
      throw new RegistryError("invalid", `${packageName}@${entry.version} has no bin/${file}; its layout changed.`);
    }
    options.signal?.throwIfAborted();
    options.onProgress?.("installing", null);
    const target = join(staging, file);
    renameSync(unpacked, target);
    rmSync(join(staging, "package"), { recursive: true, force: true });
    rmSync(tarball, { force: true });
    if (store.platform !== "win32") await chmod(target, 0o755);
    const manifest: RuntimeManifest = {
      package: packageName,
      version: entry.version,
      file,
      sha256: await sha256File(target, undefined, options.signal),
      size: statSync(target).size,
      source: "registry",
    };
    writeRuntimeManifest(staging, manifest);
    options.signal?.throwIfAborted();
    store.commit(staging, entry.version);
    return manifest;
  } catch (error) {
    store.discard(staging);
    if (options.signal?.aborted && !(error instanceof RegistryError)) {
      throw new RegistryError("offline", "The update was cancelled; nothing was changed.");
    }
    throw error;
  }
}
