// A list the backend keeps and tells every window of on each change (the scheduled tasks, the
// goals): read once, then kept current by the window's one event stream (ChatApp hands each event
// to `publish`), so every part of the window that shows it follows a change without asking again.
// `onPublish` sees each list with the one before it (what to notify of).
import { useEffect, useState } from "react";
import { errorMessage } from "./api.ts";

export function backendFeed<R>(read: () => Promise<R>, onPublish?: (before: R | null, after: R) => void) {
  let latest: R | null = null;
  /** Counts the lists published, so a read that an event overtook is not shown over it. */
  let published = 0;
  const listeners = new Set<(response: R) => void>();

  const publish = (response: R): void => {
    onPublish?.(latest, response);
    latest = response;
    published += 1;
    for (const listener of listeners) listener(response);
  };

  /** The list (null until read) and the read's error; an action's answer goes through `answer`. */
  const use = (reloadKey: unknown) => {
    const [response, setResponse] = useState<R | null>(latest);
    const [error, setError] = useState<string | null>(null);
    useEffect(() => {
      listeners.add(setResponse);
      return () => {
        listeners.delete(setResponse);
      };
    }, []);
    // biome-ignore lint/correctness/useExhaustiveDependencies: reloadKey asks for a fresh read (a reconnect)
    useEffect(() => {
      let current = true;
      const before = published;
      read().then(
        (next) => {
          if (!current || published !== before) return;
          setError(null);
          publish(next);
        },
        (failure: unknown) => current && setError(errorMessage(failure)),
      );
      return () => {
        current = false;
      };
    }, [reloadKey]);
    return { response, error };
  };

  /**
   * Runs an action whose answer holds the new state, and shows it unless an event came meanwhile:
   * every action also sends an event, which is as new as the answer or newer (an answer published
   * after it would show an older state, review 25 M2).
   */
  const answer = async <A>(call: () => Promise<A>, toList: (answer: A, current: R | null) => R): Promise<A> => {
    const before = published;
    const result = await call();
    if (published === before) publish(toList(result, latest));
    return result;
  };

  return { publish, use, answer };
}
