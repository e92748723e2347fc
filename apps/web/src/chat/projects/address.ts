// What the address asks the chat window to open: `/chat?project=ID&session=ID`. The desktop app's
// tray opens the window this way (a recent project, a notification of a session waiting for the
// user), as does the status window's project list.
export interface AddressChoice {
  project: string | null;
  session: string | null;
}

export function addressChoice(search: string = window.location.search): AddressChoice {
  const query = new URLSearchParams(search);
  return { project: query.get("project") || null, session: query.get("session") || null };
}
