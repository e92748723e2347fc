// The folders the trust tests stand on, made before each test and removed after it: a git
// repository with a package folder inside (`folder`, where the walk starts; it stops at `repo`)
// and a home folder beside it. Exported as live bindings, so a test file reads this test's folders.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SettingsFile } from "@turnkey/sidecar";
import { afterEach, beforeEach } from "vitest";
import { BackendSettings } from "../profile.ts";
import { FolderTrustStore, FolderUntrustedError } from "./folderTrust.ts";

export let top: string;
export let repo: string;
export let folder: string;
export let home: string;

/** Registers the folders' making and removal around each test of the calling file. */
export function useTrustFolders(): void {
  beforeEach(() => {
    top = mkdtempSync(join(tmpdir(), "turnkey trust-"));
    repo = join(top, "repo");
    folder = join(repo, "packages", "app");
    home = join(top, "home");
    mkdirSync(join(repo, ".git"), { recursive: true }); // the walk stops at the worktree
    mkdirSync(folder, { recursive: true });
    mkdirSync(home, { recursive: true });
  });
  afterEach(() => rmSync(top, { recursive: true, force: true }));
}

export const write = (path: string, text: string) => {
  mkdirSync(join(path, ".."), { recursive: true });
  writeFileSync(path, text);
};

export const store = (startFolders: string[] = []) =>
  new FolderTrustStore(new SettingsFile(join(top, "settings.json"), BackendSettings), { home, startFolders });

export const refused = (trust: FolderTrustStore, directory = folder) => {
  try {
    trust.check(directory);
    return false;
  } catch (error) {
    if (error instanceof FolderUntrustedError) return true;
    throw error;
  }
};
