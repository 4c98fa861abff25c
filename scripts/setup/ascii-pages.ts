/**
 * After `next build`: every prerendered page under <distDir>/server/app rewritten to ASCII
 * (./ascii-html.ts says why). next start seeds its route cache from these files, so this runs
 * before it serves; a page that is ASCII already is left alone.
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { toAsciiHtml } from "./ascii-html";

/** Returns how many pages were rewritten. */
export function asciiPrerenderedPages(distDir: string): number {
  const root = path.join(distDir, "server", "app");
  let rewritten = 0;
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith(".html")) continue;
    const file = path.join(entry.parentPath, entry.name);
    const html = readFileSync(file, "utf8");
    const ascii = toAsciiHtml(html);
    if (ascii === html) continue;
    writeFileSync(file, ascii);
    rewritten++;
  }
  return rewritten;
}
