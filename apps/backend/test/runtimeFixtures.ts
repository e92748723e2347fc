// Releases for update tests: an installer's bundled copy of opencode (the fake sidecar with its
// manifest) and registry releases whose program is the fake sidecar with a misbehaviour built in.
import { copyFileSync, mkdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { sha256File } from "@turnkey/sidecar";
import { fakeOpencode, tempDir } from "../../../packages/sidecar/test/harness.ts";

export const fakePackage = "opencode-linux-x64";

/** A bundled-resources folder (as the installer lays it out) holding `version` of the fake sidecar. */
export async function bundledRuntime(version: string): Promise<string> {
  const dir = join(tempDir("turnkey bundled-"), "linux-x64");
  mkdirSync(dir, { recursive: true });
  copyFileSync(fakeOpencode, join(dir, "opencode"));
  const sha256 = await sha256File(join(dir, "opencode"));
  const size = statSync(join(dir, "opencode")).size;
  writeFileSync(
    join(dir, "manifest.json"),
    JSON.stringify({ package: fakePackage, version, file: "opencode", sha256, size }),
  );
  return dir;
}

/** A release whose program runs the fake sidecar with its own misbehaviour (FAKE_OPENCODE modes). */
export function misbehavingRelease(name: string, modes: string): string {
  const file = join(tempDir("turnkey fixture-"), name);
  writeFileSync(
    file,
    `#!/usr/bin/env node\nprocess.env.FAKE_OPENCODE = ${JSON.stringify(modes)};\nawait import(${JSON.stringify(`file://${fakeOpencode}`)});\n`,
  );
  return file;
}
