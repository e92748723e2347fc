// A folder that leaves the projects list, removed or pushed off it by the fifty-first, is named to
// whoever keeps something for it (the allow settings forget its level: review 31, H1).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SettingsFile } from "@turnkey/sidecar";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BackendSettings } from "../profile.ts";
import type { FolderFs } from "./folderPath.ts";
import { maxProjects, ProjectStore, projectId } from "./projectStore.ts";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "projects-forgotten-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Every absolute path is a folder that exists. */
const anyFolder: FolderFs = {
  stat: async () => ({ isDirectory: () => true }),
  access: async () => undefined,
  realpath: async (p) => p,
};

describe("a folder leaving the projects list", () => {
  it("is named when it is removed, and when the newest pushes the oldest off", async () => {
    let now = 0;
    const store = new ProjectStore(new SettingsFile(join(dir, "settings.json"), BackendSettings), {
      now: () => ++now,
      platform: "linux",
      fs: anyFolder,
    });
    const forgotten: string[] = [];
    store.onForgotten((folder) => forgotten.push(folder));
    for (let i = 0; i < maxProjects; i++) expect((await store.add(`/work/p${i}`)).ok).toBe(true);
    expect(forgotten).toEqual([]);
    await store.add("/work/one-more");
    expect(forgotten).toEqual(["/work/p0"]);
    expect(store.idOf("/work/p0")).toBeNull();
    // Opening a listed one again drops nothing.
    await store.add("/work/p5");
    expect(forgotten).toEqual(["/work/p0"]);
    expect(store.remove(projectId("/work/p7"))).toBe(true);
    expect(forgotten).toEqual(["/work/p0", "/work/p7"]);
    expect(store.remove(projectId("/work/p7"))).toBe(false);
    expect(forgotten).toHaveLength(2);
  });
});
