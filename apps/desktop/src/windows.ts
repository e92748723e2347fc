// The status and chat windows: loaded from the backend's own origin with the token in the URL
// fragment, sandboxed, unable to navigate elsewhere or open windows; external links go to the
// system browser after a check. Closing hides a window: the app lives in the tray. The chat
// window opens on a project or a session (the tray's recent projects, a notification) through the
// address the web app reads at load: `/chat?project=ID&session=ID`; an open chat window is told
// by a change of its fragment alone (`#open=N&project=ID&session=ID`), which Chromium treats as a
// same-document navigation: the page switches in place, no reload (web/src/chat/projects/address.ts).
// loadURL's promise resolves for such a navigation since Electron 22 (electron/electron#36129:
// "Fixed spurious promise rejection in webContents.loadURL when navigating to a hash"; before it,
// it was rejected with ERR_FAILED, #28208), so `loaded` below stays true after an in-page switch.

import { BrowserWindow, session, shell } from "electron";
import type { BackendEndpoint } from "./backendHost.ts";
import { externalUrl } from "./contentsGuard.ts";

export type WindowKind = "status" | "chat";

/** What the chat window should show when it opens. */
export interface ChatTarget {
  projectId?: string | null;
  sessionId?: string | null;
}

const paths: Record<WindowKind, string> = { status: "/", chat: "/chat" };
const sizes: Record<WindowKind, { width: number; height: number }> = {
  status: { width: 980, height: 760 },
  chat: { width: 1180, height: 820 },
};

const clipboardWrite = "clipboard-sanitized-write";

export class WindowManager {
  private readonly windows = new Map<WindowKind, BrowserWindow>();
  private endpoint: BackendEndpoint | null = null;
  private quitting = false;
  /** Windows whose page loaded (an in-page switch needs one), and a counter that makes each fragment new. */
  private readonly loaded = new Set<WindowKind>();
  private opens = 0;
  /** A window came to the front (the chat window: its replies count as seen). */
  onFocus: (kind: WindowKind) => void = () => undefined;

  constructor(
    private readonly iconPath: string,
    private readonly log: (line: string) => void = () => undefined,
  ) {
    // Nothing a page asks for (camera, notifications, clipboard-read…) is granted, except writing
    // to the clipboard for our own pages (the Log window's Copy): `clipboard-sanitized-write` is
    // the permission navigator.clipboard.writeText asks for (Electron's session permission list).
    session.defaultSession.setPermissionRequestHandler((contents, permission, callback) =>
      callback(permission === clipboardWrite && this.isOwn(contents.getURL())),
    );
    session.defaultSession.setPermissionCheckHandler(
      (_contents, permission, requestingOrigin) => permission === clipboardWrite && this.isOwn(requestingOrigin),
    );
  }

  /**
   * A new backend (first start, or after a worker restart): point open windows at it. The chat
   * window reloads onto what it shows, read from its address while the old origin is still ours.
   */
  setEndpoint(endpoint: BackendEndpoint | null): void {
    const moved = endpoint !== null && endpoint.url !== this.endpoint?.url;
    const shown = new Map<WindowKind, ChatTarget | null>();
    if (moved) for (const [kind, window] of this.windows) shown.set(kind, this.shownTarget(window, kind));
    this.endpoint = endpoint;
    for (const [kind, target] of shown) {
      const window = this.windows.get(kind);
      if (window) this.load(window, kind, target);
    }
  }

  /**
   * Shows the window (made if needed). With a target, an open chat window switches to that project
   * or session in place; one whose page never loaded loads again on it.
   */
  open(kind: WindowKind, target: ChatTarget | null = null): void {
    const existing = this.windows.get(kind);
    if (existing) {
      const inPage =
        target && this.loaded.has(kind) ? this.inPageUrl(existing.webContents.getURL(), kind, target) : null;
      if (inPage) this.navigate(existing, kind, inPage);
      else if (target) this.load(existing, kind, target);
      if (existing.isMinimized()) existing.restore();
      existing.show();
      existing.focus();
      return;
    }
    if (!this.endpoint) return;
    const window = new BrowserWindow({
      ...sizes[kind],
      show: false,
      title: kind === "chat" ? "Chat · OpenCode Turnkey" : "OpenCode Turnkey",
      icon: this.iconPath,
      autoHideMenuBar: true,
      webPreferences: {
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        webSecurity: true,
        spellcheck: true,
      },
    });
    this.windows.set(kind, window);
    const contents = window.webContents;
    contents.setWindowOpenHandler(({ url }) => {
      const external = externalUrl(url, this.origin());
      if (external) void shell.openExternal(external);
      return { action: "deny" };
    });
    contents.on("will-navigate", (event, url) => {
      // The status window's project links (`/chat?project=ID`) open the chat window on that
      // project instead of turning the status window into a chat.
      const chat = kind === "status" ? this.chatTargetOf(url) : null;
      if (chat) {
        event.preventDefault();
        this.open("chat", chat);
        return;
      }
      if (this.isOwn(url)) return;
      event.preventDefault();
      const external = externalUrl(url, this.origin());
      if (external) void shell.openExternal(external);
    });
    window.once("ready-to-show", () => window.show());
    window.on("focus", () => this.onFocus(kind));
    window.on("close", (event) => {
      if (this.quitting) return;
      event.preventDefault();
      window.hide();
    });
    window.on("closed", () => {
      this.windows.delete(kind);
      this.loaded.delete(kind);
    });
    this.load(window, kind, target);
  }

  /** Whether the user is looking at this window now. */
  isFocused(kind: WindowKind): boolean {
    const window = this.windows.get(kind);
    return (window?.isVisible() && window.isFocused()) ?? false;
  }

  /**
   * loadURL rejects when a load fails or is replaced (ERR_ABORTED); never an uncaught error in main.
   * Its message quotes the URL, launch token and all, so only the error code is logged.
   */
  private load(window: BrowserWindow, kind: WindowKind, target: ChatTarget | null = null): void {
    this.loaded.delete(kind);
    this.navigate(window, kind, this.loginUrl(kind, target));
  }

  private navigate(window: BrowserWindow, kind: WindowKind, url: string): void {
    window.loadURL(url).then(
      () => this.loaded.add(kind),
      (error: unknown) => {
        this.loaded.delete(kind);
        const code = (error as { code?: unknown }).code;
        this.log(`The ${kind} window could not load (${typeof code === "string" ? code : "no error code"}).`);
      },
    );
  }

  /** The chat page's own address with only a new `#open=…` fragment; null when it shows something else. */
  private inPageUrl(current: string, kind: WindowKind, target: ChatTarget): string | null {
    if (kind !== "chat" || !this.isOwn(current)) return null;
    const here = new URL(current);
    if (here.pathname !== paths.chat) return null;
    const fragment = new URLSearchParams({ open: String(++this.opens) });
    if (target.projectId) fragment.set("project", target.projectId);
    if (target.sessionId) fragment.set("session", target.sessionId);
    here.hash = fragment.toString();
    return here.toString();
  }

  get(kind: WindowKind): BrowserWindow | undefined {
    return this.windows.get(kind);
  }

  closeAll(): void {
    this.quitting = true;
    for (const window of this.windows.values()) window.destroy();
    this.windows.clear();
  }

  /** The backend's origin, the only one our pages may show. */
  origin(): string | null {
    return this.endpoint ? new URL(this.endpoint.url).origin : null;
  }

  /** A link of ours to the chat window, read as what it should show; null for anything else. */
  private chatTargetOf(url: string): ChatTarget | null {
    if (!this.isOwn(url)) return null;
    const parsed = new URL(url);
    if (parsed.pathname !== paths.chat) return null;
    return { projectId: parsed.searchParams.get("project"), sessionId: parsed.searchParams.get("session") };
  }

  /**
   * What the chat window shows, from its address: an `#open=…` the page has not taken in yet first
   * (the in-page switch's), then the query the page keeps on what it shows (web's address.ts).
   */
  private shownTarget(window: BrowserWindow, kind: WindowKind): ChatTarget | null {
    const url = window.webContents.getURL();
    const query = kind === "chat" ? this.chatTargetOf(url) : null;
    if (!query) return null;
    const fragment = new URLSearchParams(new URL(url).hash.slice(1));
    if (!fragment.has("open")) return query;
    return { projectId: fragment.get("project"), sessionId: fragment.get("session") };
  }

  private isOwn(url: string): boolean {
    try {
      return new URL(url).origin === this.origin();
    } catch {
      return false;
    }
  }

  private loginUrl(kind: WindowKind, target: ChatTarget | null): string {
    const endpoint = this.endpoint!;
    const query = new URLSearchParams();
    if (kind === "chat" && target?.projectId) query.set("project", target.projectId);
    if (kind === "chat" && target?.sessionId) query.set("session", target.sessionId);
    const search = query.toString() ? `?${query}` : "";
    // The token rides in the fragment: never sent to a server, read by the page into sessionStorage.
    return `${endpoint.url}${paths[kind]}${search}#token=${encodeURIComponent(endpoint.token)}`;
  }
}
