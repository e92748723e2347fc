// The tray: icon, tooltip and menu from buildTrayMenu, each set again only when it changed (a
// status event every few seconds must not rebuild a menu the user may have open), with each
// menu action sent to the backend over HTTP (never IPC) or to the window manager. A left click
// opens the window (Electron's Tray 'click' event; the context menu stays on the right button),
// and Windows gets .ico icons. While sessions wait for the user, or replies that finished while
// the chat window was not in front are unread, the icon carries a badge and the tooltip says how
// many: Electron's Tray has no badge of its own (docs/api/tray.md: setImage and
// setToolTip only), and app.setBadgeCount is for macOS's Dock and Linux launchers only
// (electron.d.ts: `@platform linux,darwin`), so it is called there as well, never on Windows.
import { join } from "node:path";
import type { SidecarStatus } from "@turnkey/contracts";
import { app, Menu, type MenuItemConstructorOptions, nativeImage, Tray } from "electron";
import type { BackendFailure } from "./backendHost.ts";
import type { RecentProject } from "./recentProjects.ts";
import { buildTrayMenu, type TrayAction, type TrayItem, trayIconFor, trayTooltip } from "./trayMenu.ts";

export interface TrayOptions {
  platform?: NodeJS.Platform;
  /** A left click on the icon. */
  onClick?: () => void;
  /** The "Restart to update" line, when an update is ready. */
  updateLabel?: () => string | null;
  /** The newer OpenCode version on offer, when there is one. */
  opencodeUpdate?: () => string | null;
  /** One of the recent projects was chosen. */
  onProject?: (projectId: string) => void;
}

export class TrayController {
  private readonly tray: Tray;
  private status: SidecarStatus | null = null;
  private backendFailure: BackendFailure | null = null;
  private recentProjects: RecentProject[] = [];
  private waiting = 0;
  private unread = 0;
  private shown = { icon: "", tooltip: "", menu: "", badge: 0 };

  constructor(
    private readonly iconsDir: string,
    private readonly onAction: (action: TrayAction) => void,
    private readonly startAtLogin: () => boolean,
    private readonly options: TrayOptions = {},
  ) {
    this.shown.icon = this.iconPath();
    this.tray = new Tray(nativeImage.createFromPath(this.shown.icon));
    const onClick = options.onClick;
    if (onClick) this.tray.on("click", () => onClick());
    this.render();
  }

  update(status: SidecarStatus | null): void {
    this.status = status;
    this.backendFailure = null;
    this.render();
  }

  /** The backend host gave up; shown until the next update. */
  showBackendFailure(failure: BackendFailure): void {
    this.status = null;
    this.backendFailure = failure;
    this.render();
  }

  /** The recent projects; the menu is built again only when they read differently. */
  setProjects(projects: RecentProject[]): void {
    this.recentProjects = projects;
    this.render();
  }

  /** How many sessions wait for the user. */
  setWaiting(count: number): void {
    this.waiting = count;
    this.render();
  }

  /** How many replies finished while the chat window was not in front (none once it is). */
  setUnread(count: number): void {
    this.unread = count;
    this.render();
  }

  render(): void {
    const icon = this.iconPath();
    if (icon !== this.shown.icon) {
      this.shown.icon = icon;
      this.tray.setImage(nativeImage.createFromPath(icon));
    }
    const tooltip = trayTooltip(this.status, this.backendFailure, this.waiting, this.unread);
    if (tooltip !== this.shown.tooltip) {
      this.shown.tooltip = tooltip;
      this.tray.setToolTip(tooltip);
    }
    const items = buildTrayMenu({
      status: this.status,
      backendFailure: this.backendFailure,
      startAtLogin: this.startAtLogin(),
      updateLabel: this.options.updateLabel?.() ?? null,
      opencodeUpdate: this.options.opencodeUpdate?.() ?? null,
      recentProjects: this.recentProjects,
      waiting: this.waiting,
    });
    const menu = JSON.stringify(items);
    if (menu !== this.shown.menu) {
      this.shown.menu = menu;
      this.tray.setContextMenu(Menu.buildFromTemplate(items.map((item) => this.toElectron(item))));
    }
    const badge = this.badgeCount();
    if (badge !== this.shown.badge && this.platform() !== "win32") {
      this.shown.badge = badge;
      app.setBadgeCount(badge);
    }
  }

  private badgeCount(): number {
    return this.status === null ? 0 : this.waiting + this.unread;
  }

  private platform(): NodeJS.Platform {
    return this.options.platform ?? process.platform;
  }

  destroy(): void {
    this.tray.destroy();
  }

  private iconPath(): string {
    const name = trayIconFor(this.status, this.backendFailure);
    const badge = this.badgeCount() > 0 ? "-waiting" : "";
    const ext = this.platform() === "win32" ? "ico" : "png";
    return join(this.iconsDir, `tray-${name}${badge}.${ext}`);
  }

  private toElectron(item: TrayItem): MenuItemConstructorOptions {
    switch (item.kind) {
      case "label":
        return { label: item.label, enabled: false };
      case "separator":
        return { type: "separator" };
      case "checkbox":
        return { label: item.label, type: "checkbox", checked: item.checked, click: () => this.onAction(item.action) };
      case "action":
        return { label: item.label, enabled: item.enabled, click: () => this.onAction(item.action) };
      case "project":
        return { label: item.label, enabled: item.enabled, click: () => this.options.onProject?.(item.projectId) };
    }
  }
}
