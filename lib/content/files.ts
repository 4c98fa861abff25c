import { readdir } from "node:fs/promises";
import path from "node:path";
import { contentDirs } from "./paths";

export interface ChapterFile {
  /** Absolute path. */
  file: string;
  slug: string;
}

/** `01-consistency-models.mdx` → slug `consistency-models`. */
export const CHAPTER_FILE_RE = /^(\d+)-([a-z0-9]+(?:-[a-z0-9]+)*)\.mdx$/;

export function slugFromFile(file: string): string | null {
  const m = CHAPTER_FILE_RE.exec(path.basename(file));
  return m?.[2] ?? null;
}

/** Every `.mdx` file in the content dirs; files with a bad name are returned with slug "" so the check can report them. */
export async function discoverChapterFiles(): Promise<ChapterFile[]> {
  const found: ChapterFile[] = [];
  for (const dir of contentDirs()) {
    let names: string[];
    try {
      names = await readdir(dir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") continue;
      throw err;
    }
    for (const name of names.sort()) {
      if (!name.endsWith(".mdx")) continue;
      const file = path.join(dir, name);
      found.push({ file, slug: slugFromFile(file) ?? "" });
    }
  }
  return found;
}
