// A search that runs once typing pauses, as both search boxes of the Files tab run theirs: the
// answer for the text now in the box, or null while it is being searched; an answer to an older
// text, arriving late, is dropped, and its request ended (a search typed letter by letter would
// otherwise hold the backend's ripgrep and the browser's few connections to the backend busy). One
// place, so the two boxes cannot drift apart.
import { useEffect, useRef, useState } from "react";
import { errorMessage } from "../../shared/api.ts";

export type Searched<T> = { value: T } | { error: string };

/** `key` names the search (null: nothing to search); `run` does it (the latest one is used) until `signal` aborts. */
export function usePausedSearch<T>(
  key: string | null,
  run: (signal: AbortSignal) => Promise<T>,
  pauseMs: number,
): Searched<T> | null {
  const [found, setFound] = useState<(Searched<T> & { key: string }) | null>(null);
  // The source may be a new object on every render of the panel: the search follows `key` only.
  const latest = useRef(run);
  latest.current = run;
  useEffect(() => {
    if (key === null) return;
    let live = true;
    const stop = new AbortController();
    const timer = setTimeout(() => {
      latest.current(stop.signal).then(
        (value) => live && setFound({ key, value }),
        (error: unknown) => live && setFound({ key, error: errorMessage(error) }),
      );
    }, pauseMs);
    return () => {
      live = false;
      clearTimeout(timer);
      stop.abort();
    };
  }, [key, pauseMs]);
  if (found === null || found.key !== key) return null;
  const { key: _key, ...searched } = found;
  return searched;
}
