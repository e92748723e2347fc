// A local npm registry for tests: serves abbreviated packuments and tarballs of opencode platform
// packages whose bin/opencode is a small fixture script (the fake sidecar, or one that breaks),
// and can cut a download short, corrupt a tarball, or refuse to answer.
import { createHash } from "node:crypto";
import { chmodSync, copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { basename, join } from "node:path";
import { create } from "tar";
import { tempDir } from "./harness.ts";

export interface FakeRelease {
  version: string;
  /** The file that becomes package/bin/opencode. */
  executable: string;
  /** Extra files beside it in bin/ (the fake sidecar's keeper.mjs). */
  extras?: string[];
}

export interface FakeRegistry {
  url: string;
  /** Requests seen, as "GET /path". */
  requests: string[];
  /** Send only this many bytes of the next tarball, then drop the connection. */
  cutNextDownloadAfter(bytes: number): void;
  /** Send the next tarball in `pieces` parts, `gapMs` apart (a slow but steady link). */
  dripNextDownload(pieces: number, gapMs: number): void;
  /** Send only this many bytes of the next tarball, then nothing more, keeping the connection open. */
  stallNextDownloadAfter(bytes: number): void;
  /**
   * Send half of the next tarball, then the rest only on `release()`; `started` resolves once
   * that download's first half went out, `closed` once its connection closed (done or abandoned).
   */
  holdNextDownload(): { started: Promise<void>; release(): void; closed: Promise<void> };
  /** Tarball requests seen so far. */
  downloads(): number;
  /** Serve the next tarball with one byte flipped (the packument's integrity stays the original's). */
  corruptNextDownload(): void;
  tarballBytes(version: string): number;
  close(): Promise<void>;
}

export async function startFakeRegistry(
  packageName: string,
  releases: FakeRelease[],
  latest?: string,
): Promise<FakeRegistry> {
  const tarballs = new Map<string, Buffer>();
  for (const release of releases) {
    const dir = tempDir("fake-registry-");
    mkdirSync(join(dir, "package", "bin"), { recursive: true });
    writeFileSync(
      join(dir, "package", "package.json"),
      JSON.stringify({ name: packageName, version: release.version }),
    );
    copyFileSync(release.executable, join(dir, "package", "bin", "opencode"));
    chmodSync(join(dir, "package", "bin", "opencode"), 0o755);
    for (const extra of release.extras ?? []) copyFileSync(extra, join(dir, "package", "bin", basename(extra)));
    const file = join(dir, "package.tgz");
    await create({ gzip: true, cwd: dir, file, portable: true }, ["package"]);
    tarballs.set(release.version, readFileSync(file));
  }
  const requests: string[] = [];
  let cutAfter: number | null = null;
  let corrupt = false;
  let drip: { pieces: number; gapMs: number } | null = null;
  let stallAfter: number | null = null;
  let hold: { started: () => void; released: Promise<void>; closed: () => void } | null = null;
  let base = "";
  const server: Server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    if (req.url === `/${packageName}`) {
      const versions = Object.fromEntries(
        [...tarballs].map(([version, bytes]) => [
          version,
          {
            name: packageName,
            version,
            dist: {
              tarball: `${base}/${packageName}/-/${packageName}-${version}.tgz`,
              integrity: `sha512-${createHash("sha512").update(bytes).digest("base64")}`,
              shasum: createHash("sha1").update(bytes).digest("hex"),
            },
          },
        ]),
      );
      res.writeHead(200, { "content-type": "application/vnd.npm.install-v1+json" });
      res.end(
        JSON.stringify({ name: packageName, "dist-tags": { latest: latest ?? releases.at(-1)?.version }, versions }),
      );
      return;
    }
    const match = new RegExp(`^/${packageName}/-/${packageName}-(.+)\\.tgz$`).exec(req.url ?? "");
    const bytes = match ? tarballs.get(match[1]!) : undefined;
    if (!bytes) {
      res.writeHead(404, { "content-type": "application/json" });
      res.end('{"error":"Not found"}');
      return;
    }
    res.writeHead(200, { "content-type": "application/octet-stream", "content-length": bytes.length });
    if (cutAfter !== null) {
      const n = cutAfter;
      cutAfter = null;
      res.write(bytes.subarray(0, n), () => res.destroy());
      return;
    }
    if (hold) {
      const held = hold;
      hold = null;
      res.on("close", held.closed);
      res.write(bytes.subarray(0, bytes.length >> 1), held.started);
      void held.released.then(() => res.end(bytes.subarray(bytes.length >> 1)));
      return;
    }
    if (stallAfter !== null) {
      res.write(bytes.subarray(0, stallAfter));
      stallAfter = null;
      return;
    }
    if (drip) {
      const { pieces, gapMs } = drip;
      drip = null;
      const size = Math.ceil(bytes.length / pieces);
      const send = (i: number) => {
        if (i * size >= bytes.length) return void res.end();
        res.write(bytes.subarray(i * size, (i + 1) * size));
        setTimeout(() => send(i + 1), gapMs);
      };
      send(0);
      return;
    }
    if (corrupt) {
      corrupt = false;
      const copy = Buffer.from(bytes);
      copy[copy.length >> 1] = copy[copy.length >> 1]! ^ 0xff;
      res.end(copy);
      return;
    }
    res.end(bytes);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `${base}/`,
    requests,
    cutNextDownloadAfter: (bytes) => {
      cutAfter = bytes;
    },
    dripNextDownload: (pieces, gapMs) => {
      drip = { pieces, gapMs };
    },
    stallNextDownloadAfter: (bytes) => {
      stallAfter = bytes;
    },
    holdNextDownload: () => {
      let started: () => void = () => undefined;
      let release: () => void = () => undefined;
      let closed: () => void = () => undefined;
      const handle = {
        started: new Promise<void>((resolve) => (started = resolve)),
        closed: new Promise<void>((resolve) => (closed = resolve)),
        release: () => release(),
      };
      hold = { started, closed, released: new Promise<void>((resolve) => (release = resolve)) };
      return handle;
    },
    downloads: () => requests.filter((r) => r.endsWith(".tgz")).length,
    corruptNextDownload: () => {
      corrupt = true;
    },
    tarballBytes: (version) => tarballs.get(version)?.length ?? 0,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
