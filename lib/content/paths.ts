import { mkdir, rename, writeFile } from "node:fs/promises";
import path from "node:path";

/** Next, tsx and vitest all run from the repo root; content paths are relative to it. */
export function repoRoot(): string {
  return process.env.FAULTLINE_ROOT ?? process.cwd();
}

export function contentDirs(): string[] {
  const dirs = [path.join(repoRoot(), "content")];
  const extra = process.env.FAULTLINE_EXTRA_CONTENT_DIR;
  if (extra) dirs.push(path.resolve(repoRoot(), extra));
  return dirs;
}

/** True for files under FAULTLINE_EXTRA_CONTENT_DIR (test fixtures). */
export function isExtraContent(file: string): boolean {
  const extra = process.env.FAULTLINE_EXTRA_CONTENT_DIR;
  if (!extra) return false;
  const rel = path.relative(path.resolve(repoRoot(), extra), file);
  return !rel.startsWith("..") && !path.isAbsolute(rel);
}

export function cacheDir(...parts: string[]): string {
  return path.join(repoRoot(), ".cache", ...parts);
}

export function publicDir(): string {
  return path.join(repoRoot(), "public");
}

export function labsDir(): string {
  return path.join(repoRoot(), "labs");
}

/** Paths in messages are relative to the repo root so editors can jump to them. */
export function displayPath(file: string): string {
  const rel = path.relative(repoRoot(), file);
  return rel.startsWith("..") ? file : rel;
}

export function isProduction(): boolean {
  return process.env.NODE_ENV === "production";
}

/** Atomic write (tmp + rename) of a cache file; a read-only disk only costs the cache, never the page. */
export async function writeCacheFile(file: string, content: string): Promise<void> {
  try {
    await mkdir(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
    await writeFile(tmp, content);
    await rename(tmp, file);
  } catch (err) {
    console.warn(`content cache: could not write ${file}: ${(err as Error).message}`);
  }
}
