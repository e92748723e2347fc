// The folder browser's roots on Windows. Probing a drive letter whose network server is gone holds
// one of libuv's 4 threads until Windows gives up on the server (driveProbe.ts cites the docs), so
// the probe is bounded: at most 2 in flight counting those held past their deadline, a drive that
// did not answer is not asked again for a while, no probe starts after the round's deadline, and a
// letter not asked keeps its last answer. The stat never settles here, as on a hung share.
import { describe, expect, it } from "vitest";
import { DriveProbe, maxDriveProbes, silentDriveMs } from "../src/projects/driveProbe.ts";
import { folderRoots } from "../src/projects/folderBrowser.ts";
import { manualTimers } from "./manualTimers.ts";

/** Drives C: and D: answer; N: and O: (offline network drives) hold their call until released. */
function windowsDrives() {
  const held = new Map<string, (there: boolean) => void>();
  const asked: string[] = [];
  let inFlight = 0;
  let mostInFlight = 0;
  const exists = (root: string): Promise<boolean> => {
    asked.push(root);
    inFlight++;
    mostInFlight = Math.max(mostInFlight, inFlight);
    const answer =
      root === "N:\\" || root === "O:\\"
        ? new Promise<boolean>((resolve) => held.set(root, resolve))
        : Promise.resolve(root === "C:\\" || root === "D:\\");
    return answer.finally(() => inFlight--);
  };
  return { exists, held, asked, most: () => mostInFlight };
}

describe("folderRoots on Windows", () => {
  it("keeps at most 2 drive probes in flight, never asks a held drive again, and starts none after the deadline", async () => {
    const disk = windowsDrives();
    const timers = manualTimers();
    let now = 1_000_000;
    const drives = new DriveProbe({ exists: disk.exists, timers, now: () => now });
    const options = { home: "C:\\Users\\me", platform: "win32" as const, drives };
    const roots = folderRoots(options);
    // Once N: and O: hold both slots, their deadlines pass (the timers fire) and the round ends.
    await new Promise((resolve) => setImmediate(resolve));
    timers.fire();
    expect((await roots).map((r) => r.path)).toEqual(["C:\\Users\\me", "C:\\", "D:\\"]);
    expect(disk.asked.at(-1)).toBe("O:\\"); // P: to Z: were not asked: no slot was free
    expect(disk.most()).toBe(maxDriveProbes);

    // The next round, 10 s on: N: and O: still hold their threads, so nothing more is asked.
    now += 11_000;
    const asked = disk.asked.length;
    expect((await folderRoots(options)).map((r) => r.path)).toEqual(["C:\\Users\\me", "C:\\", "D:\\"]);
    expect(disk.asked.length).toBe(asked);

    // Windows gives up on the servers: the threads come back, N: and O: stay unasked for a while,
    // and the letters after them are asked now, two at a time.
    disk.held.get("N:\\")?.(false);
    disk.held.get("O:\\")?.(false);
    await new Promise((resolve) => setImmediate(resolve));
    now += 11_000;
    expect((await folderRoots(options)).map((r) => r.path)).toEqual(["C:\\Users\\me", "C:\\", "D:\\"]);
    const later = disk.asked.slice(asked);
    expect(later).toEqual(expect.arrayContaining("PQRSTUVWXYZ".split("").map((letter) => `${letter}:\\`)));
    expect(later).not.toContain("N:\\");
    expect(disk.most()).toBe(maxDriveProbes);
    now += silentDriveMs;
    const again = folderRoots(options);
    await new Promise((resolve) => setImmediate(resolve));
    timers.fire();
    await again;
    expect(disk.asked.filter((root) => root === "N:\\")).toHaveLength(2); // asked again after the quiet time
  });

  it("starts no probe once the round's deadline has passed, even when a thread comes back", async () => {
    const disk = windowsDrives();
    const timers = manualTimers();
    const drives = new DriveProbe({ exists: disk.exists, timers, now: () => 5_000_000 });
    const roots = drives.drives();
    await new Promise((resolve) => setImmediate(resolve));
    timers.fireFirst(); // the round's deadline passes while N: and O: still hold both threads
    disk.held.get("N:\\")?.(false); // a thread comes back after it
    await new Promise((resolve) => setImmediate(resolve));
    timers.fire(); // O:'s own deadline
    expect(await roots).toEqual(["C:\\", "D:\\"]);
    expect(disk.asked.at(-1)).toBe("O:\\");
  });
});
