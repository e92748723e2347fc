// The data dir holds what must stay the user's own: opencode's database (every chat, every tool
// output), its credential store, settings, logs. On POSIX it is 0700 and everything under it
// 0700 (folders, programs) or 0600 (files); an install made before this rule is tightened at
// start-up. opencode creates its own files with the usual umask (its tools write into the user's
// projects, so its umask must stay the user's); the 0700 root is what keeps other users out of
// those, and a pass after each start and stop sets their modes too.
// On Windows chmod only toggles read-only; the data dir lives under the user's profile
// (%LOCALAPPDATA%), whose inherited ACL grants only the user, SYSTEM and Administrators
// (`icacls %USERPROFILE%` → SYSTEM:(OI)(CI)(F), Administrators:(OI)(CI)(F), <user>:(OI)(CI)(F);
// learn.microsoft.com/windows/win32/shell/profiles-directory): the default is already owner-only.
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { chmod, lstat, readdir } from "node:fs/promises";
import { join } from "node:path";

export const privateDirMode = 0o700;
export const privateFileMode = 0o600;

/** mkdir -p with 0700, and 0700 on the folder itself even when it already existed. */
export function ensurePrivateDir(dir: string, platform: NodeJS.Platform = process.platform): void {
  mkdirSync(dir, { recursive: true, mode: privateDirMode });
  if (platform !== "win32") chmodSync(dir, privateDirMode);
}

/**
 * Writes `text` to `file` (0600 when created) unless the file already holds exactly that: a file
 * rewritten at every start would change its mtime for nothing, and a reader watching it would wake.
 */
export function writePrivateFileIfChanged(file: string, text: string): void {
  let current: string | null = null;
  try {
    current = readFileSync(file, "utf8");
  } catch {
    current = null;
  }
  if (current !== text) writeFileSync(file, text, { mode: privateFileMode });
}

/**
 * Sets 0700/0600 on everything under `root` (symlinks are left alone and not followed). Only
 * modes that differ are changed; a file that vanishes meanwhile is skipped. Returns how many
 * entries were changed.
 */
export async function tightenTree(root: string, platform: NodeJS.Platform = process.platform): Promise<number> {
  if (platform === "win32") return 0;
  let changed = 0;
  const visit = async (path: string): Promise<void> => {
    const info = await lstat(path).catch(() => null);
    if (!info || info.isSymbolicLink()) return;
    const current = info.mode & 0o777;
    const wanted = info.isDirectory() || current & 0o111 ? privateDirMode : privateFileMode;
    if (
      current !== wanted &&
      (await chmod(path, wanted).then(
        () => true,
        () => false,
      ))
    )
      changed++;
    if (info.isDirectory()) {
      for (const name of await readdir(path).catch(() => [] as string[])) await visit(join(path, name));
    }
  };
  await visit(root);
  return changed;
}
