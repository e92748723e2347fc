// The folder browser's roots on Windows: drive letters probed without blocking, and a drive that
// does not answer (a disconnected network drive) is left out after its deadline instead of
// holding up the listing.
import { describe, expect, it } from "vitest";
import { folderRoots } from "../src/projects/folderBrowser.ts";

describe("folderRoots on Windows", () => {
  it("lists the drives that answer and leaves out one that never does", async () => {
    const roots = await folderRoots({
      home: "C:\\Users\\me",
      platform: "win32",
      driveExists: async (root) => {
        if (root === "N:\\") return new Promise<boolean>(() => undefined); // never answers
        return root === "C:\\" || root === "D:\\";
      },
      driveProbeTimeoutMs: 50,
    });
    expect(roots.map((r) => r.path)).toEqual(["C:\\Users\\me", "C:\\", "D:\\"]);
  });
});
