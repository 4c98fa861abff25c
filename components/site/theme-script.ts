/**
 * Theme preference: "light", "dark" or "system" (follow the OS). Stored in localStorage so
 * it survives reloads; applied as a class on <html> by an inline script in <head> that runs
 * before first paint, so a dark-mode reader never sees a white flash.
 */
export const THEME_STORAGE_KEY = "faultline-theme";
export type ThemePreference = "light" | "dark" | "system";

// Kept as a string (not a function's .toString()) so minifiers cannot rename anything in it.
export const themeInitScript = `(function(){try{var p=localStorage.getItem("${THEME_STORAGE_KEY}");var d=p==="dark"||((p===null||p==="system")&&window.matchMedia("(prefers-color-scheme: dark)").matches);var c=document.documentElement.classList;c.toggle("dark",d);c.toggle("light",!d);document.documentElement.style.colorScheme=d?"dark":"light";}catch(e){}})();`;

export function readThemePreference(): ThemePreference {
  try {
    const value = localStorage.getItem(THEME_STORAGE_KEY);
    return value === "light" || value === "dark" ? value : "system";
  } catch {
    return "system";
  }
}

export function applyTheme(preference: ThemePreference): void {
  const dark =
    preference === "dark" ||
    (preference === "system" && window.matchMedia("(prefers-color-scheme: dark)").matches);
  const root = document.documentElement;
  root.classList.toggle("dark", dark);
  root.classList.toggle("light", !dark);
  root.style.colorScheme = dark ? "dark" : "light";
  // Lets lazily rendered widgets (mermaid) redraw in the new palette.
  window.dispatchEvent(new CustomEvent("faultline:themechange", { detail: { dark } }));
}

export function saveThemePreference(preference: ThemePreference): void {
  try {
    if (preference === "system") localStorage.removeItem(THEME_STORAGE_KEY);
    else localStorage.setItem(THEME_STORAGE_KEY, preference);
  } catch {
    // Private mode or disabled storage: the choice lasts for this page only.
  }
  applyTheme(preference);
}
