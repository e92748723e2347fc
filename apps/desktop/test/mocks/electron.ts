// The one fake of the `electron` module for main-process tests (in the style of electron/fiddle's
// tests/mocks/electron.ts). It records what main does (tray, menus, windows, login items) and
// stands a real Node child process in for utilityProcess (fakeUtilityProcess.ts), so the real backend worker runs.
// Each export is checked (`satisfies`) against a Pick of Electron's own types, so the fake cannot
// drift from the API the app calls. `platform: "win32"` models Windows where it differs: a
// utility process's kill() is TerminateProcess (immediate, no handler runs), not SIGTERM.
import { EventEmitter } from "node:events";
import type Electron from "electron";
import { FakeUtilityProcess, utilityProcess } from "./fakeUtilityProcess.ts";

export { FakeUtilityProcess, utilityProcess };

type Listener = (...args: never[]) => unknown;

class FakeApp extends EventEmitter {
  userData = "";
  paths = new Map<string, string>();
  locked = true;
  loginItem: Electron.Settings = { openAtLogin: false };
  appUserModelId: string | null = null;
  quitCalls = 0;
  exitCode: number | null = null;
  isPackaged = false;
  badgeCount = 0;

  requestSingleInstanceLock() {
    return this.locked;
  }
  whenReady() {
    return Promise.resolve();
  }
  getPath(name: Parameters<Electron.App["getPath"]>[0]) {
    if (name === "userData") return this.userData;
    const path = this.paths.get(name);
    if (path === undefined) throw new Error(`fake app.getPath(${name}) is not supported`);
    return path;
  }
  setPath(name: string, path: string) {
    if (name === "userData") this.userData = path;
    else this.paths.set(name, path);
  }
  setAppUserModelId(id: string) {
    this.appUserModelId = id;
  }
  getVersion() {
    return "0.0.0-test";
  }
  setLoginItemSettings(settings: Electron.Settings) {
    this.loginItem = { ...settings };
  }
  setBadgeCount(count = 0) {
    this.badgeCount = count;
    return true;
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

export const app = new FakeApp() satisfies Pick<
  Electron.App,
  | "requestSingleInstanceLock"
  | "whenReady"
  | "getPath"
  | "setPath"
  | "setAppUserModelId"
  | "getVersion"
  | "setLoginItemSettings"
  | "setBadgeCount"
  | "quit"
  | "exit"
  | "isPackaged"
>;

export interface FakeMenuItem {
  label?: string;
  type?: string;
  role?: string;
  enabled?: boolean;
  checked?: boolean;
  submenu?: FakeMenuItem[];
  click?: () => void;
}

export const Menu = {
  builds: 0,
  application: null as { items: FakeMenuItem[] } | null,
  buildFromTemplate(template: Electron.MenuItemConstructorOptions[]) {
    Menu.builds++;
    return { items: template as FakeMenuItem[] };
  },
  setApplicationMenu(menu: { items: FakeMenuItem[] } | null) {
    Menu.application = menu;
  },
};
Menu satisfies Pick<Record<keyof typeof Electron.Menu, unknown>, "buildFromTemplate" | "setApplicationMenu">;
Menu.buildFromTemplate satisfies (template: Electron.MenuItemConstructorOptions[]) => unknown;

export const nativeImage = {
  createFromPath(path: string) {
    return { path, isEmpty: () => false };
  },
} satisfies Record<keyof Pick<typeof Electron.nativeImage, "createFromPath">, (path: string) => unknown>;

export class Tray extends EventEmitter {
  static instances: Tray[] = [];
  image: { path: string } | null;
  imageSets = 0;
  tooltip = "";
  menu: { items: FakeMenuItem[] } | null = null;
  menuSets = 0;
  destroyed = false;

  constructor(image: { path: string }) {
    super();
    this.image = image;
    Tray.instances.push(this);
  }
  setImage(image: { path: string }) {
    this.image = image;
    this.imageSets++;
  }
  setToolTip(tooltip: string) {
    this.tooltip = tooltip;
    this.emit("updated");
  }
  setContextMenu(menu: { items: FakeMenuItem[] }) {
    this.menu = menu;
    this.menuSets++;
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
({}) as Tray satisfies Pick<Electron.Tray, "setToolTip" | "destroy">;
({}) as Tray["setImage"] satisfies (image: never) => void;

class FakeWebContents extends EventEmitter {
  url = "";
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
    this.windowOpenHandler = handler;
  }
  getURL() {
    return this.url;
  }
  /** Test helper: the page rewrote its own address (history.replaceState), which getURL then returns. */
  pageReplacedAddress(url: string) {
    this.url = url;
  }
}
({}) as FakeWebContents satisfies Pick<Electron.WebContents, "getURL">;

export class BrowserWindow extends EventEmitter {
  static instances: BrowserWindow[] = [];
  /** Test switch: the next loadURL calls reject like a failed navigation (ERR_CONNECTION_REFUSED). */
  static failLoads = false;
  readonly webContents = new FakeWebContents();
  urls: string[] = [];
  /** Pages loaded: as in Chromium, a URL that differs from the shown one only by a new fragment stays in the same document. */
  documents = 0;
  visible = false;
  focused = false;
  destroyed = false;

  constructor(readonly options: Electron.BrowserWindowConstructorOptions) {
    super();
    BrowserWindow.instances.push(this);
    app.emit("browser-window-created", {}, this);
  }
  async loadURL(url: string) {
    this.urls.push(url);
    const [shown, shownFragment] = this.webContents.url.split("#");
    const [next, nextFragment] = url.split("#");
    const sameDocument = shown === next && nextFragment !== undefined && nextFragment !== shownFragment;
    if (!sameDocument) this.documents++;
    this.webContents.url = url;
    // As Electron rejects: the message quotes the URL (its #token= too), code and errno beside it.
    if (BrowserWindow.failLoads)
      throw Object.assign(new Error(`ERR_CONNECTION_REFUSED (-102) loading '${url}'`), {
        code: "ERR_CONNECTION_REFUSED",
        errno: -102,
        url,
      });
    this.emit("ready-to-show");
  }
  show() {
    this.visible = true;
  }
  hide() {
    this.visible = false;
    this.focused = false;
  }
  /** Like Electron: 'focus' when the window comes to the front. */
  focus() {
    const was = this.focused;
    this.focused = true;
    if (!was) this.emit("focus");
  }
  /** Test helper: the user turned to another window. */
  blur() {
    this.focused = false;
  }
  isVisible() {
    return this.visible;
  }
  isFocused() {
    return this.focused;
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
({}) as BrowserWindow satisfies Pick<
  Electron.BrowserWindow,
  "loadURL" | "show" | "hide" | "focus" | "isVisible" | "isFocused" | "isMinimized" | "restore" | "close" | "destroy"
>;

export const shell = {
  opened: [] as string[],
  external: [] as string[],
  shown: [] as string[],
  showItemInFolder(fullPath: string) {
    shell.shown.push(fullPath);
  },
  async openPath(path: string) {
    shell.opened.push(path);
    return "";
  },
  async openExternal(url: string) {
    shell.external.push(url);
  },
};
shell satisfies Pick<typeof Electron.shell, "openPath" | "openExternal" | "showItemInFolder">;

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
session.defaultSession.setPermissionRequestHandler satisfies (handler: never) => void;

export const powerMonitor = new EventEmitter();

export class Notification extends EventEmitter {
  static shown: { title: string; body: string }[] = [];
  /** Every notification shown, to click in tests (`emit("click")`). */
  static instances: Notification[] = [];
  constructor(readonly options: { title: string; body: string }) {
    super();
  }
  static isSupported() {
    return true;
  }
  show() {
    Notification.shown.push({ title: this.options.title, body: this.options.body });
    Notification.instances.push(this);
  }
}
({}) as Notification satisfies Pick<Electron.Notification, "show">;

/** The native dialogs: tests set what the folder dialog answers and read what was shown. */
export const dialog = {
  nextFolder: null as string | null,
  openOptions: [] as Electron.OpenDialogOptions[],
  messages: [] as Electron.MessageBoxOptions[],
  async showOpenDialog(options: Electron.OpenDialogOptions) {
    dialog.openOptions.push(options);
    const folder = dialog.nextFolder;
    return { canceled: folder === null, filePaths: folder === null ? [] : [folder] };
  },
  async showMessageBox(options: Electron.MessageBoxOptions) {
    dialog.messages.push(options);
    return { response: 0, checkboxChecked: false };
  },
};
dialog.showOpenDialog satisfies (options: Electron.OpenDialogOptions) => Promise<Electron.OpenDialogReturnValue>;
dialog.showMessageBox satisfies (options: Electron.MessageBoxOptions) => Promise<Electron.MessageBoxReturnValue>;

/** Back to a clean slate between tests; `platform` picks the behaviour modelled. */
export function resetFakeElectron(userData: string, platform: NodeJS.Platform = process.platform) {
  app.removeAllListeners();
  app.userData = userData;
  app.paths.clear();
  app.locked = true;
  app.loginItem = { openAtLogin: false };
  app.appUserModelId = null;
  app.quitCalls = 0;
  app.exitCode = null;
  Menu.builds = 0;
  Menu.application = null;
  Tray.instances = [];
  BrowserWindow.instances = [];
  BrowserWindow.failLoads = false;
  Notification.shown = [];
  Notification.instances = [];
  dialog.nextFolder = null;
  dialog.openOptions = [];
  dialog.messages = [];
  app.badgeCount = 0;
  shell.opened = [];
  shell.external = [];
  powerMonitor.removeAllListeners();
  utilityProcess.reset(platform);
}

export default {
  app,
  Menu,
  nativeImage,
  Tray,
  BrowserWindow,
  shell,
  session,
  powerMonitor,
  utilityProcess,
  Notification,
  dialog,
};
