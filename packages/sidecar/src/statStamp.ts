// What a file looked like when it was last hashed. Comparing it costs one stat instead of hashing
// 180 MB; ctime cannot be set back by a program, so even a rewrite that restores mtime shows.
import { statSync } from "node:fs";

export interface StatStamp {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
  sha256: string;
}

export function statStamp(file: string, sha256: string): StatStamp {
  const info = statSync(file);
  return { size: info.size, mtimeMs: info.mtimeMs, ctimeMs: info.ctimeMs, ino: info.ino, sha256 };
}

export function stampMatches(file: string, stamp: StatStamp): boolean {
  try {
    const info = statSync(file);
    return (
      info.size === stamp.size &&
      info.mtimeMs === stamp.mtimeMs &&
      info.ctimeMs === stamp.ctimeMs &&
      info.ino === stamp.ino
    );
  } catch {
    return false;
  }
}
