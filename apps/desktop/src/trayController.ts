// The tray: icon, tooltip and menu, rebuilt from buildTrayMenu on every status event, with each
// menu action sent to the backend over HTTP (never IPC) or to the window manager.
import { join } from "node:path";
import type { SidecarStatus } from "@turnkey/contracts";
import { Menu, type MenuItemConstructorOptions, nativeImage, Tray } from "electron";
import type { BackendFailure } from "./backendHost.ts";
import { buildTrayMenu, type TrayAction, type TrayItem, trayIconFor, trayTooltip } from "./trayMenu.ts";

export class TrayController {
  private readonly tray: Tray;
  private status: SidecarStatus | null = null;
  private backendFailure: BackendFailure | null = null;

  constructor(
    private readonly iconsDir: string,
    private readonly onAction: (action: TrayAction) => void,
    private readonly startAtLogin: () => boolean,
  ) {
    this.tray = new Tray(this.icon());
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
    this.tray.setImage(this.icon());
    this.tray.setToolTip(trayTooltip(this.status, this.backendFailure));
    const items = buildTrayMenu({
      status: this.status,
      backendFailure: this.backendFailure,
      startAtLogin: this.startAtLogin(),
    });
    this.tray.setContextMenu(Menu.buildFromTemplate(items.map((item) => this.toElectron(item))));
  }

  destroy(): void {
    this.tray.destroy();
  }

  private icon() {
    const name = trayIconFor(this.status, this.backendFailure);
    return nativeImage.createFromPath(join(this.iconsDir, `tray-${name}.png`));
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
