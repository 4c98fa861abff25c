/**
 * The content API: chapters from `content/` (plus `FAULTLINE_EXTRA_CONTENT_DIR`), compiled with
 * mdx-bundler. Pages call listChapters / getChapter / searchDocuments; nothing else is public.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { buildCheckContext, checkChapter } from "./check";
import { compileMdx } from "./compile";
import { hashSource, readAllEntries, type ChapterEntry } from "./entries";
import { cacheDir, isExtraContent, isProduction, writeCacheFile } from "./paths";
import { ContentError, formatProblem, sortProblems, type ContentProblem } from "./problems";
import {
  collectSections,
  plainTextOf,
  readingMinutes,
  type ChapterHeading,
  type ChapterSection,
} from "./sections";

export { ContentError, formatProblem, type ContentProblem } from "./problems";
export type { ChapterHeading } from "./sections";

export interface ChapterMeta {
  slug: string;
  title: string;
  summary: string;
  order: number;
  labs: string[];
  draft: boolean;
  readingMinutes: number;
  /** Path relative to the repo root, e.g. `content/01-consistency-models.mdx`. */
  file: string;
}

export interface ChapterLink {
  slug: string;
  title: string;
}

export interface Chapter {
  meta: ChapterMeta;
  /** mdx-bundler output: pass to `getMDXComponent(code)` from `mdx-bundler/client`. */
  code: string;
  /** Every heading in document order, depth 7+ included. */
  headings: ChapterHeading[];
  /** The raw .mdx text (served by the `.md` route and "copy page as Markdown"). */
  source: string;
  prev: ChapterLink | null;
  next: ChapterLink | null;
  plainText: string;
  /** Authoring problems (dev only: in production they throw ContentError instead). */
  problems: ContentProblem[];
}

export interface SearchDocument {
  /** `<slug>#<headingId>` (or just `<slug>` for the text before the first heading). */
  id: string;
  chapter: string;
  /** Chapter title, for showing results. */
  chapterTitle: string;
  heading: string;
  headingId: string;
  text: string;
}

/** Bump when the compile pipeline changes so cached output is not reused. */
const PIPELINE_VERSION = "6"; // 2: D2 in a light and a dark theme; 3: task-list labels, AA code themes; 4: one D2 SVG for both themes, code token colours as classes; 5: unused D2 rules pruned; 6: static subtrees as HTML strings

interface ChapterView {
  entry: ChapterEntry;
  meta: ChapterMeta;
  sections: ChapterSection[];
  plainText: string;
}

function toView(entry: ChapterEntry): ChapterView | null {
  if (!entry.frontMatter.ok || !entry.slug) return null;
  const fm = entry.frontMatter.data;
  const sections = entry.tree ? collectSections(entry.tree, fm.title) : [];
  const plainText = plainTextOf(sections);
  return {
    entry,
    sections,
    plainText,
    meta: {
      slug: entry.slug,
      title: fm.title,
      summary: fm.summary,
      order: fm.order,
      labs: fm.labs,
      draft: fm.draft,
      readingMinutes: readingMinutes(plainText),
      file: entry.displayFile,
    },
  };
}

/**
 * Visible chapters in order. In production a chapter whose front matter is broken fails the
 * build (ContentError); in dev it is skipped so the rest of the course still renders.
 */
async function visibleViews(): Promise<{ views: ChapterView[]; entries: ChapterEntry[] }> {
  const entries = await readAllEntries();
  if (isProduction()) {
    const broken = entries.filter((e) => !isExtraContent(e.file)).flatMap((e) => e.frontMatter.problems);
    if (broken.length > 0) throw new ContentError(sortProblems(broken));
  }
  const views = entries
    .map(toView)
    .filter((v): v is ChapterView => v !== null && !(isProduction() && v.meta.draft))
    .sort((a, b) => a.meta.order - b.meta.order || a.meta.slug.localeCompare(b.meta.slug));
  return { views, entries };
}

export async function listChapters(): Promise<ChapterMeta[]> {
  return (await visibleViews()).views.map((v) => v.meta);
}

const compiled = new Map<string, Promise<string>>();

async function compileCached(entry: ChapterEntry): Promise<string> {
  const key = `${PIPELINE_VERSION}-${entry.hash}`;
  let hit = compiled.get(key);
  if (!hit) {
    hit = compileThroughDisk(entry, key);
    compiled.set(key, hit);
    hit.catch(() => compiled.delete(key));
  }
  return hit;
}

async function compileThroughDisk(entry: ChapterEntry, key: string): Promise<string> {
  const file = path.join(cacheDir("content"), `${key}.js`);
  try {
    return await readFile(file, "utf8");
  } catch {
    // not cached yet
  }
  const code = await compileMdx(entry.source, path.dirname(entry.file));
  await writeCacheFile(file, code);
  return code;
}

/**
 * Dev only: the page itself shows the chapter's authoring problems in a danger admonition at
 * the top, so an author sees them on save without running the check.
 */
function problemBanner(problems: ContentProblem[], title: string): string {
  // Escape MDX/Markdown syntax; a word joiner after "[" keeps "[^id]" in a message from being
  // turned into a missing-footnote marker.
  const escape = (text: string) => text.replace(/[\\`*_{}[\]<>#|]/g, "\\$&").replace(/\\\[\^/g, "\\[\u2060^");
  const items = problems.map((p) => `- ${escape(formatProblem(p))}`).join("\n");
  return `:::danger[${escape(title)}]\n${items}\n:::\n\n`;
}

function withProblemBanner(source: string, problems: ContentProblem[]): string {
  const banner = problemBanner(problems, `${problems.length} authoring problem${problems.length === 1 ? "" : "s"} (shown in dev only; run npm run content:check)`);
  const fm = /^---[ \t]*\r?\n[\s\S]*?\r?\n---[ \t]*(?:\r?\n|$)/.exec(source);
  const end = fm ? fm[0].length : 0;
  return `${source.slice(0, end)}\n${banner}${source.slice(end)}`;
}

/** A chapter that cannot compile at all still renders in dev: a page listing its problems. */
async function problemPageCode(problems: ContentProblem[]): Promise<string> {
  return compileMdx(problemBanner(problems, "This chapter does not compile"), process.cwd());
}

export async function getChapter(slug: string): Promise<Chapter | null> {
  const { views, entries } = await visibleViews();
  const index = views.findIndex((v) => v.meta.slug === slug);
  const view = views[index];
  if (!view) return null;
  const problems = checkedBeforeBuild(view.entry.file)
    ? []
    : sortProblems(await checkChapter(view.entry, await buildCheckContext(entries)));
  // Fixture chapters (extra dir) are broken on purpose: they show problems, never fail a build.
  const fatal = isProduction() && !isExtraContent(view.entry.file);
  if (problems.length > 0 && fatal) throw new ContentError(problems);

  let code: string;
  try {
    const source = problems.length > 0 ? withProblemBanner(view.entry.source, problems) : view.entry.source;
    code = await compileCached({ ...view.entry, source, hash: problems.length > 0 ? hashSource(source) : view.entry.hash });
  } catch (err) {
    const e = err as {
      message?: string;
      errors?: { text?: string; location?: { line?: number; column?: number } }[];
    };
    const first = e.errors?.[0];
    const problem: ContentProblem = {
      file: view.meta.file,
      line: first?.location?.line ?? 1,
      column: (first?.location?.column ?? 0) + 1,
      message: `MDX does not compile: ${first?.text ?? e.message ?? String(err)}`,
      kind: "mdx",
    };
    if (fatal) throw new ContentError([problem]);
    problems.push(problem);
    code = await problemPageCode(problems);
  }
  const link = (v: ChapterView | undefined): ChapterLink | null =>
    v ? { slug: v.meta.slug, title: v.meta.title } : null;
  return {
    meta: view.meta,
    code,
    headings: view.entry.headings,
    source: view.entry.source,
    prev: link(views[index - 1]),
    next: link(views[index + 1]),
    plainText: view.plainText,
    problems,
  };
}

/**
 * Inside `next build`, after lib/content/build-hook.mjs ran the full check over content/ and it
 * passed: checking each chapter again while prerendering would only repeat seconds of parser
 * start-up per build worker. Fixture chapters (extra dir) were not in that check.
 */
function checkedBeforeBuild(file: string): boolean {
  return process.env.FAULTLINE_CONTENT_CHECKED === "1" && !isExtraContent(file);
}

/**
 * Compiles every visible chapter into the content cache (memory and `.cache/content/`),
 * `concurrency` at a time, so prerendering in `next build` reads compiled code from disk.
 * Chapters already cached cost a file read. A chapter that fails to compile is left for the
 * page to report (it fails the build with the same ContentError as before).
 */
export async function precompileChapters(concurrency = 2): Promise<{ slug: string; ms: number; ok: boolean }[]> {
  const { views } = await visibleViews();
  const results: { slug: string; ms: number; ok: boolean }[] = [];
  let next = 0;
  const worker = async () => {
    while (next < views.length) {
      const view = views[next++]!;
      const started = performance.now();
      const ok = await compileCached(view.entry).then(
        () => true,
        () => false,
      );
      results.push({ slug: view.meta.slug, ms: Math.round(performance.now() - started), ok });
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, views.length)) }, worker));
  return results;
}

/** One document per section of every visible chapter, for the static MiniSearch index. */
export async function searchDocuments(): Promise<SearchDocument[]> {
  const { views } = await visibleViews();
  return views.flatMap((v) =>
    v.sections.map((s) => ({
      id: s.headingId ? `${v.meta.slug}#${s.headingId}` : v.meta.slug,
      chapter: v.meta.slug,
      chapterTitle: v.meta.title,
      heading: s.heading,
      headingId: s.headingId,
      text: s.text,
    })),
  );
}

/** Ends the D2 and mermaid worker threads now (scripts and tests; they also end on their own when idle). */
export async function shutdownContentWorkers(): Promise<void> {
  const [{ shutdownD2 }, { shutdownMermaid }] = await Promise.all([import("./d2"), import("./check/diagrams")]);
  await Promise.all([shutdownD2(), shutdownMermaid()]);
}
