// A search that runs once typing pauses, as both search boxes of the Files tab run theirs: the
// answer for the text now in the box, or null while it is being searched; an answer to an older
// text, arriving late, is dropped, and its request ended (a search typed letter by letter would
// otherwise hold the backend's ripgrep and the browser's few connections to the backend busy). When
// the files may have changed (`refreshKey`: a reply ended, a commit, Refresh) the same text is
// searched again at once, its earlier answer shown until the new one comes. One place, so the two
// boxes cannot drift apart.
import { useEffect, useRef, useState } from "react";
import { errorMessage } from "../../shared/api.ts";

/** An answer, or why there is none; `stale`: searching again failed, this is the earlier answer. */
export type Searched<T> = { value: T; stale?: string } | { error: string };

/**
 * `key` names the search (null: nothing to search); `run` does it (the latest one is used) until
 * `signal` aborts; a new `refreshKey` runs it again for the same key.
 */
export function usePausedSearch<T>(
  key: string | null,
  run: (signal: AbortSignal) => Promise<T>,
  pauseMs: number,
  refreshKey: string | number = "",
): Searched<T> | null {
  const [found, setFound] = useState<(Searched<T> & { key: string }) | null>(null);
  // The source may be a new object on every render of the panel: the search follows `key` only.
  const latest = useRef(run);
  latest.current = run;
  // The key last searched: a refresh of it does not wait for typing to pause.
  const lastKey = useRef<string | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: refreshKey is what asks for the search again.
  useEffect(() => {
    if (key === null) return;
    const again = lastKey.current === key;
    lastKey.current = key;
    let live = true;
    const stop = new AbortController();
    const timer = setTimeout(
      () => {
        latest.current(stop.signal).then(
          (value) => live && setFound({ key, value }),
          // A refresh that fails (a reconnect under way) keeps what was found: it is still the best answer.
          (error: unknown) =>
            live &&
            setFound((earlier) =>
              again && earlier?.key === key && "value" in earlier
                ? { ...earlier, stale: errorMessage(error) }
                : { key, error: errorMessage(error) },
            ),
        );
      },
      again ? 0 : pauseMs,
    );
    return () => {
      live = false;
      clearTimeout(timer);
      stop.abort();
    };
  }, [key, pauseMs, refreshKey]);
  if (found === null || found.key !== key) return null;
  const { key: _key, ...searched } = found;
  return searched;
}

/** What a box adds under an earlier answer kept after a refresh failed ("" when the answer is current). */
export function staleText(current: { stale?: string } | { error: string }): string {
  return "stale" in current && current.stale
    ? ` Not searched again after the reply (${current.stale}): these are the earlier results.`
    : "";
}
