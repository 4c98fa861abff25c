/**
 * Where a chapter's link goes, checked the way the browser resolves it: relative links
 * (`./other-chapter`, `other-chapter#x`, `../sign-in`) against the chapter's own URL
 * `/chapters/<slug>`, then the path against the chapters, the app's routes and public/.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import type { ChapterEntry } from "../entries";
import { publicDir, repoRoot } from "../paths";

const SITE = "https://faultline.invalid";

/** A problem message for `url` in `entry`, or null when it resolves. */
export function checkLinkTarget(url: string, entry: ChapterEntry, entries: ChapterEntry[]): string | null {
  if (url.startsWith("#")) return checkAnchor(url.slice(1), entry, entry);
  let resolved: URL;
  try {
    resolved = new URL(url, `${SITE}/chapters/${entry.slug}`);
  } catch {
    return `link "${url}" is not a valid URL`;
  }
  if (resolved.origin !== SITE) return null; // external (https:, mailto:…): not ours to check
  const pathname = decodeURIComponent(resolved.pathname).replace(/\/$/, "") || "/";
  const bare = url.split(/[?#]/)[0];
  const shown = bare === pathname ? `"${pathname}"` : `"${url}" (${pathname})`;
  const chapter = /^\/chapters\/([^/]+?)(\.md)?$/.exec(pathname);
  if (chapter) {
    const target = entries.find((e) => e.slug === chapter[1]);
    if (!target) return `link to missing chapter ${shown}: no content/NN-${chapter[1]}.mdx`;
    return resolved.hash ? checkAnchor(resolved.hash.slice(1), target, entry) : null;
  }
  if (isAppRoute(pathname) || isPublicFile(pathname)) return null;
  return `link to a page that does not exist: ${shown} — chapters are /chapters/<slug>, files in public/ are /<file>`;
}

function checkAnchor(hash: string, target: ChapterEntry, from: ChapterEntry): string | null {
  if (hash === "") return null;
  const id = decodeURIComponent(hash);
  if (target.headings.some((h) => h.id === id)) return null;
  if (id.startsWith("user-content-fn")) return null; // footnote anchors made by remark-gfm
  const where = target === from ? "this chapter" : `chapter "${target.slug}"`;
  return `link to missing heading anchor "#${id}" in ${where}`;
}

function isPublicFile(pathname: string): boolean {
  const file = path.join(publicDir(), pathname);
  if (!file.startsWith(publicDir() + path.sep)) return false;
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

let routes: RegExp[] | undefined;

/** True when a page or route handler of the app (app/**\/page.tsx, route.ts) serves `pathname`. */
function isAppRoute(pathname: string): boolean {
  routes ??= appRoutePatterns(path.join(repoRoot(), "app"));
  return routes.some((r) => r.test(pathname));
}

/** The app router's file-system routes as patterns: `[id]` is one segment, `[...all]` the rest. */
function appRoutePatterns(appDir: string): RegExp[] {
  const patterns: RegExp[] = [];
  const walk = (dir: string, segments: string[]) => {
    for (const item of readdirSync(dir, { withFileTypes: true })) {
      if (item.isDirectory()) {
        const name = item.name;
        if (name.startsWith("_") || name.startsWith("@")) continue; // private folders, slots
        const segment = /^\(.+\)$/.test(name) ? null : name; // route groups add no segment
        walk(path.join(dir, name), segment === null ? segments : [...segments, segment]);
      } else if (/^(page|route)\.(tsx?|jsx?)$/.test(item.name)) {
        const body = segments
          .map((s) => (/^\[\.\.\..+\]$/.test(s) ? "/.+" : /^\[.+\]$/.test(s) ? "/[^/]+" : `/${escapeRegExp(s)}`))
          .join("");
        patterns.push(new RegExp(`^${body || "/"}$`));
      }
    }
  };
  if (existsSync(appDir)) walk(appDir, []);
  return patterns;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
