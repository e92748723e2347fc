// A folder on a mapped network drive (Z: mapped to \\nas\home), with the platform injected: Node's
// realpath answers its folders with the share's path (libuv asks GetFinalPathNameByHandleW;
// folderPath.ts cites it), and the share refusal used to answer with advice to "map the share to a
// drive letter", the very thing the person had done. A network drive stays refused (a project's
// folder is stat'ed on the event loop, and an unreachable server blocks that call), with a sentence
// that names the drive; a link that leads to another host is refused as a share, whichever drive.
import { describe, expect, it } from "vitest";
import { DriveProbe } from "../src/projects/driveProbe.ts";
import { listFolders } from "../src/projects/folderBrowser.ts";
import { checkFolder } from "../src/projects/folderPath.ts";

/** C: is local; Z: is \\nas\home; Z:\link and C:\link lead to \\evil\share. */
const realPaths: Record<string, string> = {
  "C:\\": "C:\\",
  "C:\\code": "C:\\code",
  "C:\\link": "\\\\evil\\share",
  "Z:\\": "\\\\nas\\home\\",
  "Z:\\Code\\App": "\\\\nas\\home\\code\\app",
  "Z:\\link": "\\\\evil\\share",
  "Z:\\home2": "\\\\nas\\home2",
};
const fs = {
  stat: async () => ({ isDirectory: () => true }),
  access: async () => undefined,
  realpath: async (p: string) => {
    const real = realPaths[p];
    if (real === undefined) throw Object.assign(new Error(`ENOENT: ${p}`), { code: "ENOENT" });
    return real;
  },
};
const windows = { platform: "win32" as const, fs };

describe("a mapped network drive on Windows", () => {
  it("refuses a folder on the drive with a sentence naming the drive and its share, and no advice to map one", async () => {
    for (const folder of ["Z:\\Code\\App", "Z:\\"]) {
      const refused = await checkFolder(folder, windows);
      expect(refused, folder).toEqual({
        ok: false,
        message: expect.stringContaining("is on the network drive Z: (\\\\nas\\home)"),
      });
      expect(JSON.stringify(refused)).not.toMatch(/map the share|drive letter/);
    }
    // A local folder is as before.
    expect(await checkFolder("C:\\code", windows)).toEqual({ ok: true, path: "C:\\code" });
  });

  it("refuses a link that leads to another host or share as a share, from the mapped drive or a local one", async () => {
    for (const link of ["Z:\\link", "Z:\\home2", "C:\\link", "\\\\nas\\home\\code"]) {
      const refused = await checkFolder(link, windows);
      expect(refused, link).toEqual({
        ok: false,
        message: expect.stringContaining("is a network share or device path;"),
      });
      expect(JSON.stringify(refused)).not.toMatch(/map the share/);
    }
  });

  it("says the same in the folder browser when the drive is opened from its roots", async () => {
    const listed = await listFolders("Z:\\", {
      home: "C:\\Users\\me",
      ...windows,
      drives: new DriveProbe({ exists: async (root) => root === "C:\\" || root === "Z:\\" }),
    });
    expect(listed).toEqual({ ok: false, message: expect.stringContaining("is on the network drive Z:") });
  });
});
