// Light or dark: the OS's choice unless the user picked one. Kept in localStorage and applied to
// <html data-theme> before the first paint, so both windows open in the chosen theme.
export type ThemeChoice = "system" | "light" | "dark";
const key = "turnkey.theme";

export function loadTheme(): ThemeChoice {
  try {
    const saved = localStorage.getItem(key);
    return saved === "light" || saved === "dark" ? saved : "system";
  } catch {
    return "system";
  }
}

export function applyTheme(choice: ThemeChoice, root: HTMLElement = document.documentElement): void {
  if (choice === "system") delete root.dataset.theme;
  else root.dataset.theme = choice;
}

export function saveTheme(choice: ThemeChoice): void {
  applyTheme(choice);
  try {
    if (choice === "system") localStorage.removeItem(key);
    else localStorage.setItem(key, choice);
  } catch {
    // applied for this window at least
  }
}
