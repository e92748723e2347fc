// The tray: icon, tooltip and menu from buildTrayMenu, each set again only when it changed (a
// status event every few seconds must not rebuild a menu the user may have open), with each
// menu action sent to the backend over HTTP (never IPC) or to the window manager. A left click
// opens the window (Electron's Tray 'click' event; the context menu stays on the right button),
// and Windows gets .ico icons.
import { join } from "node:path";
import type { SidecarStatus } from "@turnkey/contracts";
import { Menu, type MenuItemConstructorOptions, nativeImage, Tray } from "electron";
import type { BackendFailure } from "./backendHost.ts";
import { buildTrayMenu, type TrayAction, type TrayItem, trayIconFor, trayTooltip } from "./trayMenu.ts";

export interface TrayOptions {
  platform?: NodeJS.Platform;
  /** A left click on the icon. */
  onClick?: () => void;
  /** The "Restart to update" line, when an update is ready. */
  updateLabel?: () => string | null;
  /** The newer OpenCode version on offer, when there is one. */
  opencodeUpdate?: () => string | null;
}

export class TrayController {
  private readonly tray: Tray;
  private status: SidecarStatus | null = null;
  private backendFailure: BackendFailure | null = null;
  private shown = { icon: "", tooltip: "", menu: "" };

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

  render(): void {
    const icon = this.iconPath();
    if (icon !== this.shown.icon) {
      this.shown.icon = icon;
      this.tray.setImage(nativeImage.createFromPath(icon));
    }
    const tooltip = trayTooltip(this.status, this.backendFailure);
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
    });
    const menu = JSON.stringify(items);
    if (menu !== this.shown.menu) {
      this.shown.menu = menu;
      this.tray.setContextMenu(Menu.buildFromTemplate(items.map((item) => this.toElectron(item))));
    }
  }

  destroy(): void {
    this.tray.destroy();
  }

  private iconPath(): string {
    const name = trayIconFor(this.status, this.backendFailure);
    const ext = (this.options.platform ?? process.platform) === "win32" ? "ico" : "png";
    return join(this.iconsDir, `tray-${name}.${ext}`);
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
    }
  }
}
