// How wide the session panel is on a wide window. Its 270 px default left the Terminal 32 columns
// and a side-by-side diff two words a side at the desktop window's 1180 px, so the user can drag it
// wider (PanelResizer.tsx); the choice is kept across reloads. Pure rules here, storage at the end.

export const panelDefaultWidth = 270;
export const panelMinWidth = 240;
/** Columns left of the panel: the chat list (220 px in workbench.css) and a conversation that stays readable. */
const listWidth = 220;
const conversationMinWidth = 360;
/** Never more than this however wide the window: a panel wider than a diff needs only takes from the chat. */
const panelMaxWidth = 960;

/** The widest the panel may be in a layout this wide: the chat list and a readable conversation keep their room. */
export function maxPanelWidth(layoutWidth: number): number {
  return Math.max(panelMinWidth, Math.min(panelMaxWidth, layoutWidth - listWidth - conversationMinWidth));
}

/** A width the layout can hold, in whole pixels. */
export function clampPanelWidth(width: number, layoutWidth: number): number {
  if (!Number.isFinite(width)) return panelDefaultWidth;
  return Math.round(Math.min(maxPanelWidth(layoutWidth), Math.max(panelMinWidth, width)));
}

const key = "turnkey.sessionPanelWidth";

/** The width the user chose last, or null for the default (nothing kept, storage off, or a value that is not a width). */
export function loadPanelWidth(): number | null {
  try {
    const raw = localStorage.getItem(key);
    const width = raw === null ? Number.NaN : Number(raw);
    return Number.isFinite(width) && width > 0 ? width : null;
  } catch {
    return null;
  }
}

/** Keeps the user's width; null forgets it (back to the default). */
export function savePanelWidth(width: number | null): void {
  try {
    if (width === null) localStorage.removeItem(key);
    else localStorage.setItem(key, String(width));
  } catch {
    // Storage full or disabled: the width holds until the window reloads.
  }
}
