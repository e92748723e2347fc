// The window's launch token. It arrives in the URL fragment (`#token=…`, never sent to any
// server), moves to sessionStorage (scoped to this origin, so to this port, and to this tab) and
// leaves the address bar; every API call and the event stream send it as a Bearer header. No
// cookie: cookies on 127.0.0.1 are shared by every port, so another local server could read one.
const storageKey = "turnkey.token";

export interface TokenPlace {
  location: Pick<Location, "hash" | "pathname" | "search">;
  storage: Pick<Storage, "getItem" | "setItem">;
  history: Pick<History, "replaceState">;
}

export function takeLaunchToken(place: TokenPlace): string | null {
  const fromLink = new URLSearchParams(place.location.hash.replace(/^#/, "")).get("token");
  if (fromLink) {
    place.storage.setItem(storageKey, fromLink);
    place.history.replaceState(null, "", `${place.location.pathname}${place.location.search}`);
    return fromLink;
  }
  return place.storage.getItem(storageKey);
}
