// The line counts of new files in the change list, bounded in bytes (review 6, P1): each listed
// untracked file was read whole (up to 1 MB) to count its lines on every refresh, ~2 GB at the
// 2,000-file cap for a folder of generated data. Now only the start of each file is read and the
// reads of one listing share a budget; a count that stopped early says so (`partialCount`), so the
// row shows "+N or more" (or "+?") instead of a number it did not count.
import { lstat, open } from "node:fs/promises";
import { mapLimited } from "../chat/mapLimited.ts";

/** Bytes read from one new file, and from all of one listing's new files together. */
export const lineCountLimits = { fileBytes: 64 * 1024, listingBytes: 16 * 1024 * 1024 };

export interface NewFileLines {
  additions: number;
  /** Only the file's first bytes were counted (a big file), or none at all (the listing's budget was spent). */
  partial: boolean;
}

/** Lines in `bytes` counted as git counts a whole file's: a last line without "\n" counts too. */
function linesIn(bytes: Buffer, whole: boolean): number {
  let breaks = 0;
  for (let at = bytes.indexOf(10); at !== -1; at = bytes.indexOf(10, at + 1)) breaks++;
  return whole && bytes.length > 0 && bytes[bytes.length - 1] !== 10 ? breaks + 1 : breaks;
}

async function readStart(file: string, bytes: number): Promise<Buffer> {
  const handle = await open(file, "r");
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/**
 * The lines of each new file (absolute paths, in list order): 0 for what is not a regular text
 * file. Sizes first, then the budget is given out in list order, so the same list counts the same.
 */
export async function newFileLines(files: readonly string[], limits = lineCountLimits): Promise<NewFileLines[]> {
  const sizes = await mapLimited(files, 16, async (file) => {
    const info = await lstat(file).catch(() => null);
    return info?.isFile() ? info.size : null;
  });
  let left = limits.listingBytes;
  const allotted = sizes.map((size) => {
    if (size === null) return 0;
    const take = Math.min(size, limits.fileBytes, left);
    left -= take;
    return take;
  });
  return mapLimited(
    files.map((file, i) => ({ file, size: sizes[i] ?? null, take: allotted[i] ?? 0 })),
    16,
    async ({ file, size, take }): Promise<NewFileLines> => {
      if (size === null || size === 0) return { additions: 0, partial: false };
      if (take === 0) return { additions: 0, partial: true };
      const start = await readStart(file, take).catch(() => null);
      if (start === null || start.includes(0)) return { additions: 0, partial: false };
      const whole = start.length >= size;
      return { additions: linesIn(start, whole), partial: !whole };
    },
  );
}
