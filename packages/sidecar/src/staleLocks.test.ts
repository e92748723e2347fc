import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { clearStaleOpencodeLocks, opencodeLocksDir } from "./staleLocks.ts";

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

function locks(entries: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "turnkey-locks-"));
  roots.push(dir);
  for (const [name, meta] of Object.entries(entries)) {
    mkdirSync(join(dir, name));
    writeFileSync(join(dir, name, "meta.json"), meta);
  }
  return dir;
}

const meta = (pid: number, hostname = "here") => JSON.stringify({ token: "t", pid, hostname, createdAt: "x" });

describe("clearStaleOpencodeLocks", () => {
  it("removes the lock of a dead holder on this host and keeps every other", () => {
    const dir = locks({
      "dead.lock": meta(41),
      "alive.lock": meta(42),
      "elsewhere.lock": meta(41, "another-host"),
      "unreadable.lock": "{not json",
    });
    const removed = clearStaleOpencodeLocks(dir, { isAlive: (pid) => pid === 42, hostname: "here" });
    expect(removed).toEqual([join(dir, "dead.lock")]);
    expect(clearStaleOpencodeLocks(dir, { isAlive: (pid) => pid === 42, hostname: "here" })).toEqual([]);
  });

  it("does nothing when opencode has no lock folder yet", () => {
    expect(clearStaleOpencodeLocks(join(tmpdir(), "turnkey-no-such-folder"), { isAlive: () => false })).toEqual([]);
  });

  it("finds the folder the way opencode does: XDG_STATE_HOME, else ~/.local/state", () => {
    expect(opencodeLocksDir({ XDG_STATE_HOME: "/s" })).toBe(join("/s", "opencode", "locks"));
    expect(opencodeLocksDir({ HOME: "/h" })).toBe(join("/h", ".local", "state", "opencode", "locks"));
  });
});
