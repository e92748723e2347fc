// After a window's event stream to the backend broke and opened again (a backend restart, a sleep,
// a network blip, a reader dropped as stalled), what it shows from events alone may be stale: the
// events of the gap went to no one. Each view that events keep current reads its data again then.
// The window counts the re-openings (useBackendEvents' `reconnects`) and provides the count; a view
// deep in the tree takes it from the context.
import { createContext, useContext, useEffect, useRef } from "react";

export const ReconnectsContext = createContext(0);

/** How many times the window's event stream opened again after a break. */
export function useReconnects(): number {
  return useContext(ReconnectsContext);
}

/** Calls `reread` each time `reconnects` grows; not on mount, where the view's own first read runs. */
export function useRereadOnReconnect(reconnects: number, reread: () => void): void {
  const latest = useRef(reread);
  latest.current = reread;
  const seen = useRef(reconnects);
  useEffect(() => {
    if (reconnects === seen.current) return;
    seen.current = reconnects;
    latest.current();
  }, [reconnects]);
}
