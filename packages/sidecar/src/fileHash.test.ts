// Copying and hashing stop at an abort: a stop during a first launch's copy of ~180 MB, or during
// the hash of an installed copy, does not run on to the end.
import { statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, expect, it } from "vitest";
import { cleanup, tempDir } from "../test/harness.ts";
import { copyHashing, sha256File } from "./fileHash.ts";

afterEach(cleanup);

function bigFile(): string {
  const file = join(tempDir(), "program");
  writeFileSync(file, Buffer.alloc(8 << 20, 7)); // 8 chunks of 1 MiB
  return file;
}

it("stops a copy at the abort, after the chunk in hand", async () => {
  const source = bigFile();
  const target = join(tempDir(), "copy");
  const stop = new AbortController();
  const copying = copyHashing(source, target, () => stop.abort(), stop.signal);
  await expect(copying).rejects.toMatchObject({ name: "AbortError" });
  expect(statSync(target).size).toBeLessThan(8 << 20);
});

it("stops a hash at the abort, and does not start one already aborted", async () => {
  const file = bigFile();
  const stop = new AbortController();
  let chunks = 0;
  const hashing = sha256File(
    file,
    () => {
      chunks++;
      stop.abort();
    },
    stop.signal,
  );
  await expect(hashing).rejects.toMatchObject({ name: "AbortError" });
  expect(chunks).toBeLessThan(8);
  await expect(sha256File(file, undefined, AbortSignal.abort())).rejects.toMatchObject({ name: "AbortError" });
});
