// The one copy of file hashing: the sha256 of opencode's executable that manifests record
// (staging, the managed runtime, updates), a copy that hashes as it goes, and the npm registry's
// Subresource Integrity strings (`sha512-<base64>`) that downloads are checked against.
import { createHash, type Hash } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { addAbortSignal, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";

const chunkBytes = 1 << 20;

/** The sha256 of a file; an abort of `signal` stops the read and rejects with the abort's reason. */
export async function sha256File(
  file: string,
  onBytes?: (bytes: number) => void,
  signal?: AbortSignal,
): Promise<string> {
  signal?.throwIfAborted();
  const hash = createHash("sha256");
  const stream = createReadStream(file, { highWaterMark: chunkBytes });
  for await (const chunk of signal ? addAbortSignal(signal, stream) : stream) {
    hash.update(chunk as Buffer);
    onBytes?.((chunk as Buffer).length);
  }
  return hash.digest("hex");
}

/** A pass-through stream that feeds every chunk to the hashes and reports its size. */
export function hashingStream(hashes: Hash[], onBytes?: (bytes: number) => void): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      for (const hash of hashes) hash.update(chunk);
      onBytes?.(chunk.length);
      done(null, chunk);
    },
  });
}

/**
 * Copies a file and returns the sha256 of what was read, in one pass. An abort of `signal` stops
 * the copy and rejects; what was written of `target` stays for the caller to discard.
 */
export async function copyHashing(
  source: string,
  target: string,
  onBytes?: (bytes: number) => void,
  signal?: AbortSignal,
): Promise<string> {
  const hash = createHash("sha256");
  const read = createReadStream(source, { highWaterMark: chunkBytes });
  const write = createWriteStream(target);
  if (signal) await pipeline(read, hashingStream([hash], onBytes), write, { signal });
  else await pipeline(read, hashingStream([hash], onBytes), write);
  return hash.digest("hex");
}

export type CopyHashing = typeof copyHashing;

export interface Integrity {
  algorithm: "sha512" | "sha384" | "sha256" | "sha1";
  digest: string;
}

/**
 * The strongest hash of an SRI string (`dist.integrity` in a packument), or npm's older
 * `dist.shasum` (hex sha1) when that is all there is; null when neither is usable.
 */
export function parseIntegrity(integrity: string | undefined, shasum?: string): Integrity | null {
  const order = ["sha512", "sha384", "sha256", "sha1"] as const;
  const found = (integrity ?? "")
    .split(/\s+/)
    .map((entry) => /^(sha512|sha384|sha256|sha1)-([A-Za-z0-9+/=]+)(\?.*)?$/.exec(entry))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ algorithm: m[1] as Integrity["algorithm"], digest: m[2] as string }))
    .sort((a, b) => order.indexOf(a.algorithm) - order.indexOf(b.algorithm));
  if (found[0]) return found[0];
  if (shasum && /^[0-9a-f]{40}$/i.test(shasum)) {
    return { algorithm: "sha1", digest: Buffer.from(shasum, "hex").toString("base64") };
  }
  return null;
}
