import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import type { Root } from "mdast";
import { discoverChapterFiles } from "./files";
import { parseFrontMatter, type FrontMatterResult } from "./front-matter";
import { parseChapter } from "./parse";
import { displayPath } from "./paths";
import type { ContentProblem } from "./problems";
import { collectHeadings, type ChapterHeading } from "./sections";

/** One chapter file read and parsed (not compiled): what the API and the check both start from. */
export interface ChapterEntry {
  file: string;
  /** Path for messages (relative to the repo root). */
  displayFile: string;
  slug: string;
  source: string;
  hash: string;
  frontMatter: FrontMatterResult;
  tree: Root | null;
  /** Set when the MDX itself does not parse. */
  parseError: ContentProblem | null;
  headings: ChapterHeading[];
}

export function hashSource(source: string): string {
  return createHash("sha256").update(source).digest("hex");
}

const parsed = new Map<string, Pick<ChapterEntry, "tree" | "parseError" | "headings">>();

function parseCached(source: string, hash: string, displayFile: string) {
  const key = `${displayFile}\0${hash}`;
  let hit = parsed.get(key);
  if (!hit) {
    try {
      const tree = parseChapter(source);
      hit = { tree, parseError: null, headings: collectHeadings(tree) };
    } catch (err) {
      const e = err as { line?: number; column?: number; reason?: string; message?: string };
      hit = {
        tree: null,
        headings: [],
        parseError: {
          file: displayFile,
          line: e.line ?? 1,
          column: e.column ?? 1,
          message: `MDX does not parse: ${e.reason ?? e.message ?? String(err)}`,
          kind: "mdx",
        },
      };
    }
    parsed.set(key, hit);
  }
  return hit;
}

export async function readEntry(file: string, slug: string): Promise<ChapterEntry> {
  const source = await readFile(file, "utf8");
  const hash = hashSource(source);
  const displayFile = displayPath(file);
  return {
    file,
    displayFile,
    slug,
    source,
    hash,
    frontMatter: parseFrontMatter(source, displayFile),
    ...parseCached(source, hash, displayFile),
  };
}

/** Reads every chapter file afresh (cheap), so a dev preview sees edits on the next request. */
export async function readAllEntries(): Promise<ChapterEntry[]> {
  const files = await discoverChapterFiles();
  return Promise.all(files.map((f) => readEntry(f.file, f.slug)));
}
