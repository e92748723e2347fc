// The one fake of the `electron` module for main-process tests (in the style of electron/fiddle's
// tests/mocks/electron.ts). It records what main does (tray, menus, windows, login items) and
// stands a real Node child process in for utilityProcess, so the real backend worker runs.
import { type ChildProcess, fork as forkChild } from "node:child_process";
import { EventEmitter } from "node:events";

type Listener = (...args: never[]) => unknown;

class FakeApp extends EventEmitter {
  userData = "";
  locked = true;
  loginItem = { openAtLogin: false };
  quitCalls = 0;
  exitCode: number | null = null;
  isPackaged = false;

  requestSingleInstanceLock() {
    return this.locked;
  }
  whenReady() {
    return Promise.resolve();
  }
  getPath(name: string) {
    if (name !== "userData") throw new Error(`fake app.getPath(${name}) is not supported`);
    return this.userData;
  }
  getVersion() {
    return "0.0.0-test";
  }
  setLoginItemSettings(settings: { openAtLogin: boolean }) {
    this.loginItem = { openAtLogin: settings.openAtLogin };
  }
  getLoginItemSettings() {
    return this.loginItem;
  }
  /** Like Electron: 'before-quit' may be prevented; otherwise the app would end. */
  quit() {
    this.quitCalls++;
    let prevented = false;
    this.emit("before-quit", { preventDefault: () => (prevented = true) });
    if (!prevented) this.exitCode = 0;
  }
  exit(code = 0) {
    this.exitCode = code;
    this.emit("exited", code);
  }
}

export const app = new FakeApp();

export interface FakeMenuItem {
  label?: string;
  type?: string;
  enabled?: boolean;
  checked?: boolean;
  click?: () => void;
}

export const Menu = {
  buildFromTemplate(template: FakeMenuItem[]) {
    return { items: template };
  },
};

export const nativeImage = {
  createFromPath(path: string) {
    return { path, isEmpty: () => false };
  },
};

export class Tray extends EventEmitter {
  static instances: Tray[] = [];
  image: { path: string } | null;
  tooltip = "";
  menu: { items: FakeMenuItem[] } | null = null;
  destroyed = false;

  constructor(image: { path: string }) {
    super();
    this.image = image;
    Tray.instances.push(this);
  }
  setImage(image: { path: string }) {
    this.image = image;
  }
  setToolTip(tooltip: string) {
    this.tooltip = tooltip;
  }
  setContextMenu(menu: { items: FakeMenuItem[] }) {
    this.menu = menu;
    this.emit("updated");
  }
  destroy() {
    this.destroyed = true;
  }
  /** Test helper: the menu item with this label. */
  item(label: string): FakeMenuItem {
    const found = this.menu?.items.find((i) => i.label === label);
    if (!found) throw new Error(`no tray item "${label}" in ${JSON.stringify(this.menu?.items.map((i) => i.label))}`);
    return found;
  }
}

class FakeWebContents extends EventEmitter {
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
    this.windowOpenHandler = handler;
  }
}

export class BrowserWindow extends EventEmitter {
  static instances: BrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  urls: string[] = [];
  visible = false;
  focused = false;
  destroyed = false;

  constructor(readonly options: Record<string, unknown>) {
    super();
    BrowserWindow.instances.push(this);
    app.emit("browser-window-created", {}, this);
  }
  async loadURL(url: string) {
    this.urls.push(url);
    this.emit("ready-to-show");
  }
  show() {
    this.visible = true;
  }
  hide() {
    this.visible = false;
  }
  focus() {
    this.focused = true;
  }
  isMinimized() {
    return false;
  }
  restore() {}
  /** Like a user closing the window: listeners may prevent it. */
  close() {
    let prevented = false;
    this.emit("close", { preventDefault: () => (prevented = true) });
    if (!prevented) this.destroy();
  }
  destroy() {
    this.destroyed = true;
    this.emit("closed");
  }
}

export const shell = {
  opened: [] as string[],
  external: [] as string[],
  async openPath(path: string) {
    shell.opened.push(path);
    return "";
  },
  async openExternal(url: string) {
    shell.external.push(url);
  },
};

export const session = {
  defaultSession: {
    permissionRequestHandler: null as Listener | null,
    permissionCheckHandler: null as Listener | null,
    setPermissionRequestHandler(handler: Listener) {
      this.permissionRequestHandler = handler;
    },
    setPermissionCheckHandler(handler: Listener) {
      this.permissionCheckHandler = handler;
    },
  },
};

export const powerMonitor = new EventEmitter();

/** utilityProcess.fork → a Node child with an IPC channel; the worker posts with process.send. */
export const utilityProcess = {
  children: [] as ChildProcess[],
  fork(modulePath: string, args: string[], options: { env?: NodeJS.ProcessEnv; stdio?: unknown }) {
    const out = options.stdio === "pipe" ? "pipe" : "inherit";
    const child = forkChild(modulePath, args, { env: options.env, stdio: ["ignore", out, out, "ipc"] });
    utilityProcess.children.push(child);
    return child;
  },
};

/** Back to a clean slate between tests. */
export function resetFakeElectron(userData: string) {
  app.removeAllListeners();
  app.userData = userData;
  app.locked = true;
  app.loginItem = { openAtLogin: false };
  app.quitCalls = 0;
  app.exitCode = null;
  Tray.instances = [];
  BrowserWindow.instances = [];
  shell.opened = [];
  shell.external = [];
  powerMonitor.removeAllListeners();
  utilityProcess.children = [];
}

export default { app, Menu, nativeImage, Tray, BrowserWindow, shell, session, powerMonitor, utilityProcess };
