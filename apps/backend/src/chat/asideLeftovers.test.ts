// The sessions unfinished questions left behind: kept in the data folder until deleted, deleted
// when OpenCode next runs (once per start), forgotten when OpenCode no longer has them, kept and
// logged when it would not delete them.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { SidecarStatus } from "@turnkey/contracts";
import type { SidecarSupervisor } from "@turnkey/sidecar";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { AsideLeftovers, sweepAsideLeftovers } from "./asideLeftovers.ts";
import { loadOpencodeSdk } from "./opencodeSdk.ts";

beforeAll(() => loadOpencodeSdk());
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "aside-leftovers-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("AsideLeftovers", () => {
  it("keeps what was made and not deleted across restarts of the backend", async () => {
    const logs: string[] = [];
    const file = join(dir, "unfinished-questions.json");
    const first = new AsideLeftovers(
      file,
      (l) => logs.push(l),
      () => 5,
    );
    first.made("s1", "/work/a");
    first.made("s2", "/work/b");
    first.gone("s1");
    const again = new AsideLeftovers(file, (l) => logs.push(l));
    const asked: string[] = [];
    await again.sweep(async ({ sessionID, directory }) => {
      asked.push(`${sessionID} ${directory}`);
      return { gone: false, why: "OpenCode answered 500" };
    });
    expect(asked).toEqual(["s2 /work/b"]);
    expect(logs.join("\n")).toContain("OpenCode answered 500");
    await again.sweep(async () => ({ gone: true }));
    const left: string[] = [];
    await new AsideLeftovers(file, () => undefined).sweep(async ({ sessionID }) => {
      left.push(sessionID);
      return { gone: true };
    });
    expect(left).toEqual([]);
  });

  it("deletes them in their folder once each time a new OpenCode runs, and forgets one OpenCode no longer has", async () => {
    const deletes: string[] = [];
    const server = createServer((req, res) => {
      deletes.push(`${req.method} ${req.url?.split("?")[0]} ${req.headers["x-opencode-directory"]}`);
      const missing = req.url?.startsWith("/session/s2");
      res.writeHead(missing ? 404 : 200, { "content-type": "application/json" });
      res.end(missing ? JSON.stringify({ name: "NotFoundError", data: { message: "Session not found" } }) : "true");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      let generation = 1;
      let state = "starting";
      const listeners = new Set<(status: SidecarStatus) => void>();
      const supervisor = {
        status: () => ({ state }),
        connection: () => (state === "running" ? { url, password: "pw", username: "opencode", generation } : null),
        onStatus: (listener: (status: SidecarStatus) => void) => {
          listeners.add(listener);
          return () => listeners.delete(listener);
        },
      } as unknown as SidecarSupervisor;
      const tell = (next: string) => {
        state = next;
        for (const listener of listeners) listener({ state } as SidecarStatus);
      };
      const leftovers = new AsideLeftovers(join(dir, "u.json"), () => undefined);
      leftovers.made("s1", "/work/a");
      leftovers.made("s2", "/work/b");
      const stop = sweepAsideLeftovers(supervisor, leftovers);
      tell("running");
      await expect.poll(() => deletes.length).toBe(2);
      expect(deletes).toEqual([
        `DELETE /session/s1 ${encodeURIComponent("/work/a")}`,
        `DELETE /session/s2 ${encodeURIComponent("/work/b")}`,
      ]);
      await expect.poll(() => existsSync(join(dir, "u.json"))).toBe(false); // both taken off the list
      leftovers.made("s3", "/work/c");
      tell("running"); // the same OpenCode: nothing swept again
      generation = 2;
      tell("running");
      await expect.poll(() => deletes.length).toBe(3);
      expect(deletes[2]).toMatch(/^DELETE \/session\/s3 /);
      stop();
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});
