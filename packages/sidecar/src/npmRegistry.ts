// The npm registry, where opencode's platform packages live: its URL from npm's own settings (the
// npm_config_registry variable npm sets for scripts, then the user's .npmrc, as `npm pack` in
// stage:opencode finds it), the package's versions, and a download checked against the
// registry's `dist.integrity` while it streams, before anything is unpacked. Every failure is a
// RegistryError whose message is a sentence that says what to do. Requests honour HTTPS_PROXY,
// HTTP_PROXY and NO_PROXY (proxyFetch.ts).
import { createHash } from "node:crypto";
import { createWriteStream } from "node:fs";
import { homedir } from "node:os";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { hashingStream, parseIntegrity } from "./fileHash.ts";
import { userNpmrcSetting } from "./npmrc.ts";
import { registryFetch } from "./proxyFetch.ts";
import { proxyVariableNames } from "./sidecarProcessEnv.ts";

export const defaultRegistry = "https://registry.npmjs.org/";

export type RegistryErrorKind = "offline" | "not_found" | "http" | "integrity" | "invalid";

export class RegistryError extends Error {
  constructor(
    readonly kind: RegistryErrorKind,
    message: string,
  ) {
    super(message);
  }
}

export interface PackageVersion {
  version: string;
  tarball: string;
  integrity: string | undefined;
  shasum: string | undefined;
}

export interface Packument {
  name: string;
  latest: string | null;
  versions: Map<string, PackageVersion>;
}

export type Fetch = (url: string, init: { headers: Record<string, string>; signal: AbortSignal }) => Promise<Response>;

export interface RegistryOptions {
  /** Base URL, ending in a slash. */
  registry: string;
  fetch?: Fetch;
  /** Per request, until the answer's headers arrive; a download may take longer. */
  timeoutMs?: number;
  /** Once the headers are in: how long the body may send nothing before the transfer is given up. */
  stallTimeoutMs?: number;
  env?: Record<string, string | undefined>;
}

/** The registry npm would use: npm_config_registry (set by npm for scripts), then .npmrc files. */
export function registryUrl(env: Record<string, string | undefined> = process.env, home = homedir()): string {
  const fromEnv = env.npm_config_registry ?? env.NPM_CONFIG_REGISTRY;
  if (fromEnv?.trim()) return withSlash(fromEnv.trim());
  const fromFile = userNpmrcSetting("registry", env, home);
  return fromFile ? withSlash(fromFile) : defaultRegistry;
}

function withSlash(url: string): string {
  return url.endsWith("/") ? url : `${url}/`;
}

function proxyNote(env: Record<string, string | undefined>): string {
  const proxy = proxyVariableNames.find((name) => env[name]);
  return proxy
    ? ` A proxy is set (${proxy}); check that it allows the registry, or that the registry is reachable without it.`
    : "";
}

/** Aborts when nothing arrives for `ms`; re-armed on every chunk, so a slow but steady transfer goes on. */
function stallWatch(ms: number) {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  return {
    signal: controller.signal,
    ms,
    reset() {
      clearTimeout(timer);
      timer = setTimeout(() => controller.abort(), ms);
    },
    stop: () => clearTimeout(timer),
  };
}

type StallWatch = ReturnType<typeof stallWatch>;

/** The answer's headers within `timeoutMs`; the body is then watched by `stall`, reset per chunk. */
async function request(url: string, options: RegistryOptions, accept: string, stall: StallWatch, signal?: AbortSignal) {
  const fetchImpl = options.fetch ?? registryFetch(options.env ?? process.env);
  const timeoutMs = options.timeoutMs ?? 15_000;
  const headers = stallWatch(timeoutMs);
  headers.reset();
  const combined = AbortSignal.any([headers.signal, stall.signal, ...(signal ? [signal] : [])]);
  try {
    return await fetchImpl(url, { headers: { accept }, signal: combined });
  } catch (error) {
    if (signal?.aborted) throw new RegistryError("offline", "The download was cancelled; nothing was changed.");
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const why = headers.signal.aborted
      ? `no answer within ${Math.round(timeoutMs / 1000)} s`
      : (cause?.code ?? cause?.message ?? (error as Error).message);
    throw new RegistryError(
      "offline",
      `Could not reach the npm registry at ${new URL(url).origin} (${why}). Check the internet connection and try again; nothing was changed.${proxyNote(options.env ?? process.env)}`,
    );
  } finally {
    headers.stop();
    stall.reset();
  }
}

function stalledNote(stall: StallWatch): string {
  return stall.signal.aborted ? `no data for ${Math.round(stall.ms / 1000)} s` : "";
}

/** The versions of one package, with where to download each and its integrity hash. */
export async function fetchPackument(name: string, options: RegistryOptions): Promise<Packument> {
  const url = `${withSlash(options.registry)}${name}`;
  // The abbreviated document (npm's own install format) is a few kB instead of megabytes.
  const stall = stallWatch(options.stallTimeoutMs ?? 30_000);
  const response = await request(
    url,
    options,
    "application/vnd.npm.install-v1+json; q=1.0, application/json; q=0.8",
    stall,
  ).catch((error) => {
    stall.stop();
    throw error;
  });
  if (response.status === 404) {
    throw new RegistryError("not_found", `The npm registry at ${options.registry} has no package ${name}.`);
  }
  if (!response.ok) {
    throw new RegistryError(
      "http",
      `The npm registry answered ${response.status} for ${name}. Try again later; nothing was changed.${proxyNote(options.env ?? process.env)}`,
    );
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    if (stall.signal.aborted) {
      throw new RegistryError(
        "offline",
        `The npm registry stopped sending ${name} (${stalledNote(stall)}). Try again.`,
      );
    }
    throw new RegistryError("invalid", `The npm registry sent something that is not a package document for ${name}.`);
  } finally {
    stall.stop();
  }
  const doc = body as {
    name?: string;
    "dist-tags"?: Record<string, string>;
    versions?: Record<string, { dist?: { tarball?: string; integrity?: string; shasum?: string } }>;
  };
  const versions = new Map<string, PackageVersion>();
  for (const [version, entry] of Object.entries(doc.versions ?? {})) {
    if (!entry.dist?.tarball) continue;
    versions.set(version, {
      version,
      tarball: entry.dist.tarball,
      integrity: entry.dist.integrity,
      shasum: entry.dist.shasum,
    });
  }
  return { name: doc.name ?? name, latest: doc["dist-tags"]?.latest ?? null, versions };
}

/**
 * Downloads a tarball to `file`, hashing as it streams, and throws unless it matches the
 * registry's integrity hash. `onProgress(received, total)`; total is null when not announced.
 */
export async function downloadVerified(
  entry: PackageVersion,
  file: string,
  options: RegistryOptions & { onProgress?: (received: number, total: number | null) => void; signal?: AbortSignal },
): Promise<void> {
  const integrity = parseIntegrity(entry.integrity, entry.shasum);
  if (!integrity) {
    throw new RegistryError(
      "integrity",
      `The registry gives no checksum for ${entry.tarball}, so it is not installed.`,
    );
  }
  const stall = stallWatch(options.stallTimeoutMs ?? 30_000);
  try {
    await streamVerified(entry, file, options, integrity, stall);
  } finally {
    stall.stop();
  }
}

async function streamVerified(
  entry: PackageVersion,
  file: string,
  options: RegistryOptions & { onProgress?: (received: number, total: number | null) => void; signal?: AbortSignal },
  integrity: NonNullable<ReturnType<typeof parseIntegrity>>,
  stall: StallWatch,
): Promise<void> {
  const response = await request(entry.tarball, options, "application/octet-stream", stall, options.signal);
  if (!response.ok || !response.body) {
    throw new RegistryError(
      response.status === 404 ? "not_found" : "http",
      `The npm registry answered ${response.status} for ${entry.tarball}. Try again later; nothing was changed.`,
    );
  }
  const totalHeader = Number(response.headers.get("content-length"));
  const total = Number.isFinite(totalHeader) && totalHeader > 0 ? totalHeader : null;
  const hash = createHash(integrity.algorithm);
  let received = 0;
  try {
    await pipeline(
      Readable.fromWeb(response.body as WebReadableStream<Uint8Array>),
      hashingStream([hash], (bytes) => {
        received += bytes;
        stall.reset();
        options.onProgress?.(received, total);
      }),
      createWriteStream(file),
      { signal: options.signal ?? new AbortController().signal },
    );
  } catch (error) {
    if (options.signal?.aborted) throw new RegistryError("offline", "The download was cancelled; nothing was changed.");
    throw new RegistryError(
      "offline",
      `The download of ${entry.tarball} broke off after ${Math.round(received / 2 ** 20)} MiB (${stalledNote(stall) || (error as Error).message}). Try again; nothing was changed.`,
    );
  }
  if (total !== null && received !== total) {
    throw new RegistryError(
      "offline",
      `The download of ${entry.tarball} ended after ${received} of ${total} bytes. Try again; nothing was changed.`,
    );
  }
  if (hash.digest("base64") !== integrity.digest) {
    throw new RegistryError(
      "integrity",
      `The download of ${entry.tarball} does not match the registry's ${integrity.algorithm} checksum (damaged in transit, or altered). It was not installed; nothing was changed.`,
    );
  }
}
