// The theme choice: follow the system, or always light, or always dark.
import { useState } from "react";
import { loadTheme, saveTheme, type ThemeChoice } from "./theme.ts";

export function ThemePicker() {
  const [choice, setChoice] = useState<ThemeChoice>(loadTheme);
  return (
    <label className="theme-picker">
      <span className="sr-only">Theme</span>
      <select
        value={choice}
        onChange={(e) => {
          const next = e.target.value as ThemeChoice;
          setChoice(next);
          saveTheme(next);
        }}
      >
        <option value="system">System theme</option>
        <option value="light">Light</option>
        <option value="dark">Dark</option>
      </select>
    </label>
  );
}
