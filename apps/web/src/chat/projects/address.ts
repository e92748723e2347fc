// What the address asks the chat window to open: `/chat?project=ID&session=ID` at load. The desktop
// app's tray opens the window this way (a recent project, a notification of a session waiting for
// the user), as does the status window's project list. To an open window the tray says it with a
// fragment instead, `#open=N&project=ID&session=ID`: only the fragment changes, so the page is not
// loaded again (a same-document navigation) and switches in place. The address then follows what
// the window shows, so a reload (the desktop app reloads its windows onto a restarted backend)
// reopens that and not the first target.
import { useEffect, useRef } from "react";

export interface AddressChoice {
  project: string | null;
  session: string | null;
}

export function addressChoice(search: string = window.location.search): AddressChoice {
  const query = new URLSearchParams(search);
  return { project: query.get("project") || null, session: query.get("session") || null };
}

/** The choice an `#open=…` fragment carries, or null for any other fragment (the launch token's). */
export function fragmentChoice(hash: string): AddressChoice | null {
  const query = new URLSearchParams(hash.replace(/^#/, ""));
  if (!query.has("open")) return null;
  return { project: query.get("project") || null, session: query.get("session") || null };
}

/** Calls `onOpen` for each `#open=…` the address receives, and clears it from the address bar. */
export function useAddressOpens(onOpen: (choice: AddressChoice) => void): void {
  const latest = useRef(onOpen);
  latest.current = onOpen;
  useEffect(() => {
    const read = () => {
      const choice = fragmentChoice(window.location.hash);
      if (!choice) return;
      window.history.replaceState(null, "", `${window.location.pathname}${window.location.search}`);
      latest.current(choice);
    };
    window.addEventListener("hashchange", read);
    return () => window.removeEventListener("hashchange", read);
  }, []);
}

/**
 * Keeps `?project=&session=` in the address on what the window shows (once the project is known);
 * a null project: the session works outside every listed project, so the address names it alone.
 */
export function useAddressShows(project: string | null | undefined, session: string | null): void {
  useEffect(() => {
    if (project === undefined || (project === null && !session)) return;
    const query = new URLSearchParams(project ? { project } : {});
    if (session) query.set("session", session);
    const { pathname, search, hash } = window.location;
    if (search !== `?${query}`) window.history.replaceState(null, "", `${pathname}?${query}${hash}`);
  }, [project, session]);
}
