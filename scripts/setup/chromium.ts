/** Browser tests use Debian's Chromium; Playwright must never download a browser here. */
import { existsSync } from "node:fs";
import { aptInstall, canApt } from "./apt";
import { SetupError } from "./stage";

export function ensureChromium(): string {
  const configured = process.env.FAULTLINE_CHROMIUM;
  if (configured && existsSync(configured)) return configured;
  const candidates = ["/usr/bin/chromium", "/usr/bin/chromium-browser"];
  const found = candidates.find((c) => existsSync(c));
  if (found) return found;
  if (canApt() && aptInstall(["chromium"])) {
    const installed = candidates.find((c) => existsSync(c));
    if (installed) return installed;
  }
  throw new SetupError("Browser tests need Chromium: install it (Debian: apt-get install chromium) or set FAULTLINE_CHROMIUM=/path/to/chromium.");
}
