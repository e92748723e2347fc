// A project's own "share": "disabled" is found in the files opencode 1.18.33 reads for it, in its
// order (the later wins): opencode.json(c) from the chat's folder up to the worktree, then the
// `.opencode` folders, then OPENCODE_CONFIG_DIR's; nothing above the worktree, and only the last
// when project config is switched off.
// Where the share goes: a signed-in console organisation's address, else enterprise.url, else
// opencode's own service.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defaultShareService } from "@turnkey/contracts";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { projectConfigFiles, projectSharingOff } from "./projectShare.ts";
import { shareRecipient } from "./shareRecipient.ts";

let top: string;
let where: { directory: string; worktree: string; home: string };
const write = (path: string, config: unknown) => {
  mkdirSync(join(path, ".."), { recursive: true });
  writeFileSync(path, typeof config === "string" ? config : JSON.stringify(config));
};

beforeEach(() => {
  top = mkdtempSync(join(tmpdir(), "turnkey project-share-"));
  const worktree = join(top, "repo");
  where = { directory: join(worktree, "packages", "app"), worktree, home: join(top, "home") };
  mkdirSync(where.directory, { recursive: true });
  mkdirSync(where.home, { recursive: true });
});
afterEach(() => rmSync(top, { recursive: true, force: true }));

describe("a project's own share setting", () => {
  it("is found in the project's opencode.json, named by its file", () => {
    write(join(where.worktree, "opencode.json"), { share: "disabled" });
    expect(projectSharingOff(where, {})).toBe(join(where.worktree, "opencode.json"));
  });

  it("is the nearest file's, and a .opencode folder's comes after the opencode.json files", () => {
    write(join(where.worktree, "opencode.json"), { share: "disabled" });
    write(join(where.directory, "opencode.jsonc"), '{ // the app may be shared\n "share": "manual" }');
    expect(projectSharingOff(where, {})).toBeNull();
    write(join(where.worktree, ".opencode", "opencode.json"), { share: "disabled" });
    expect(projectSharingOff(where, {})).toBe(join(where.worktree, ".opencode", "opencode.json"));
    expect(projectConfigFiles(where)).toEqual([
      join(where.worktree, "opencode.json"),
      join(where.directory, "opencode.jsonc"),
      join(where.worktree, ".opencode", "opencode.json"),
      join(where.worktree, ".opencode", "opencode.jsonc"),
    ]);
  });

  it("is not read above the worktree, from a file that does not parse, or with project config off", () => {
    write(join(top, "opencode.json"), { share: "disabled" });
    expect(projectSharingOff(where, {})).toBeNull();
    write(join(where.directory, "opencode.json"), "{ share: disabled");
    expect(projectSharingOff(where, {})).toBeNull();
    write(join(where.directory, "opencode.json"), { share: "disabled" });
    expect(projectSharingOff(where, { OPENCODE_DISABLE_PROJECT_CONFIG: "true" })).toBeNull();
    expect(projectSharingOff(where, {})).toBe(join(where.directory, "opencode.json"));
  });

  it("is read from OPENCODE_CONFIG_DIR last, project config on or off (review 6, S3)", () => {
    const configDir = join(top, "my-opencode");
    write(join(configDir, "opencode.json"), { share: "disabled" });
    write(join(where.directory, "opencode.json"), { share: "manual" });
    expect(projectSharingOff(where, {})).toBeNull();
    expect(projectSharingOff(where, { OPENCODE_CONFIG_DIR: configDir })).toBe(join(configDir, "opencode.json"));
    expect(projectSharingOff(where, { OPENCODE_CONFIG_DIR: configDir, OPENCODE_DISABLE_PROJECT_CONFIG: "1" })).toBe(
      join(configDir, "opencode.json"),
    );
    write(join(configDir, "opencode.jsonc"), { share: "manual" });
    expect(projectSharingOff(where, { OPENCODE_CONFIG_DIR: configDir })).toBeNull();
  });
});

describe("where a share goes", () => {
  const org = (active: boolean, name: string) => ({
    accountEmail: "me@example.com",
    accountUrl: `https://${name}.console.example`,
    orgName: name,
    active,
  });

  it("is the signed-in console organisation's address, named", () => {
    expect(shareRecipient("https://share.example", [org(false, "other"), org(true, "acme")])).toEqual({
      service: "https://acme.console.example",
      organisation: { name: "acme", account: "me@example.com" },
    });
  });

  it("is enterprise.url, else opencode's own service, when no organisation is active", () => {
    expect(shareRecipient("https://share.example", [org(false, "other")])).toEqual({
      service: "https://share.example",
      organisation: null,
    });
    expect(shareRecipient(undefined, [])).toEqual({ service: defaultShareService, organisation: null });
  });
});
