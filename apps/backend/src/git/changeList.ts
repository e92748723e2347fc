// The Files tab's lists of changed files, cut from git's whole list (parseStatus's, sorted by
// path): a page after a path, only the paths holding a filter, the rest counted. The cursor is the
// last path held, not an offset, so a file added or committed between two pages neither repeats
// one nor skips one.
import { holdsFilter } from "@turnkey/contracts";

export interface ChangePage<T> {
  files: T[];
  /** Matching files past this page (0: none). */
  more: number;
}

/** Up to `limit` (at least 1, at most `cap`) of `all` after the path `after` whose path holds `filter`. */
export function changePage<T extends { path: string }>(
  all: readonly T[],
  options: { limit: number; cap: number; after?: string | undefined; filter?: string | undefined },
): ChangePage<T> {
  const { after, filter = "" } = options;
  const rest = all.filter((f) => (after === undefined || f.path > after) && holdsFilter(f.path, filter));
  const files = rest.slice(0, Math.max(1, Math.min(options.limit, options.cap)));
  return { files, more: rest.length - files.length };
}
