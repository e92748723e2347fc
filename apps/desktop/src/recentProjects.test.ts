import type { Project } from "@turnkey/contracts";
import { describe, expect, it } from "vitest";
import { menuLabel, recentProjects, shortPath } from "./recentProjects.ts";

const project = (path: string, name: string, exists = true): Project => ({
  id: `id-${name}`,
  path,
  name,
  addedAt: 0,
  openedAt: 0,
  exists,
  branch: null,
  busySessions: [],
  waitingSessions: [],
});

describe("recent projects in the tray", () => {
  it("shows the most recent few, in the backend's order, by name and a short path", () => {
    const list = Array.from({ length: 8 }, (_, i) => project(`/home/zoe/work/p${i}`, `p${i}`));
    const shown = recentProjects(list, "/home/zoe", "linux");
    expect(shown.map((p) => p.id)).toEqual(["id-p0", "id-p1", "id-p2", "id-p3", "id-p4"]);
    expect(shown[0]?.label).toBe("p0  (~/work/p0)");
  });

  it("says when a project's folder is gone", () => {
    expect(recentProjects([project("/srv/gone", "gone", false)], "/home/zoe", "linux")[0]?.label).toBe(
      "gone  (/srv/gone): folder missing",
    );
  });

  it("shortens long paths from the middle, keeping the ends that tell projects apart", () => {
    const long = "/home/zoe/clients/a-very-long-customer-name/2026/quarterly-reports/frontend";
    expect(shortPath(long, "/home/zoe", "linux")).toBe("~/…/quarterly-reports/frontend");
    expect(shortPath("/opt/x", "/home/zoe", "linux")).toBe("/opt/x");
    // Not the home folder just because the name starts the same.
    expect(shortPath("/home/zoey/app", "/home/zoe", "linux")).toBe("/home/zoey/app");
  });

  it("reads Windows paths without case and with backslashes", () => {
    expect(shortPath("c:\\users\\zoë\\Projekte\\app", "C:\\Users\\Zoë", "win32")).toBe("~\\Projekte\\app");
    const long = "D:\\Kunden\\Ein sehr langer Kundenname GmbH\\2026\\Berichte\\Quartal\\frontend-app";
    expect(shortPath(long, "C:\\Users\\Zoë", "win32")).toBe("D:\\…\\Quartal\\frontend-app");
  });

  it("keeps an ampersand in a folder's name visible on Windows and Linux menus", () => {
    expect(menuLabel("R&D", "win32")).toBe("R&&D");
    expect(menuLabel("R&D", "linux")).toBe("R&&D");
    expect(menuLabel("R&D", "darwin")).toBe("R&D");
  });
});
