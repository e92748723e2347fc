// One rule for every web page the app ever hosts, not only the windows it made: Electron emits
// `web-contents-created` for each (windows, hidden helper windows, devtools, a <webview> a page
// might add), and each is refused new windows, navigation away from our backend's origin,
// redirects elsewhere and <webview> tags. External links go to the system browser, only as a
// parsed http(s) URL (never a raw string a page made up: no file:, smb:, javascript: or custom
// protocol handlers).

/** The URL to hand to the system browser, or null when it is ours, malformed or not http(s). */
export function externalUrl(raw: string, ownOrigin: string | null): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return null;
  if (url.origin === ownOrigin) return null;
  return url.href;
}

interface Preventable {
  preventDefault(): void;
}

/** The part of Electron.WebContents the guard uses. */
export interface GuardableContents {
  setWindowOpenHandler(handler: (details: { url: string }) => { action: "deny" }): void;
  on(event: "will-navigate" | "will-redirect", listener: (event: Preventable, url: string) => void): unknown;
  on(event: "will-attach-webview", listener: (event: Preventable) => void): unknown;
}

export function guardContents(contents: GuardableContents, ownOrigin: () => string | null): void {
  const isOwn = (url: string) => {
    try {
      return new URL(url).origin === ownOrigin();
    } catch {
      return false;
    }
  };
  contents.setWindowOpenHandler(() => ({ action: "deny" }));
  contents.on("will-navigate", (event, url) => isOwn(url) || event.preventDefault());
  contents.on("will-redirect", (event, url) => isOwn(url) || event.preventDefault());
  contents.on("will-attach-webview", (event) => event.preventDefault());
}

/** Installs the guard app-wide: every web contents, as soon as it exists. */
export function guardAllWebContents(
  app: { on(event: "web-contents-created", listener: (event: unknown, contents: GuardableContents) => void): unknown },
  ownOrigin: () => string | null,
): void {
  app.on("web-contents-created", (_event, contents) => guardContents(contents, ownOrigin));
}
