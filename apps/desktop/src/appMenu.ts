// The application menu. Electron's default menu carries Reload, Force Reload and Toggle Developer
// Tools (with their shortcuts) into every window; a packaged app keeps only editing and window
// roles, so Ctrl+C/V/A still work in the chat and Ctrl+R cannot reload a half-typed prompt away.
// Development builds keep the View menu. (electronjs.org/docs/latest/api/menu, "Default menu".)
import type { MenuItemConstructorOptions } from "electron";

export function appMenuTemplate(isPackaged: boolean): MenuItemConstructorOptions[] {
  const template: MenuItemConstructorOptions[] = [
    { role: "editMenu" },
    { label: "Window", submenu: [{ role: "minimize" }, { role: "close" }] },
  ];
  if (!isPackaged) {
    template.push({
      label: "View",
      submenu: [{ role: "reload" }, { role: "forceReload" }, { role: "toggleDevTools" }],
    });
  }
  return template;
}
