import { mkdtemp, readdir, rm, writeFile, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ContentError, getChapter, listChapters, searchDocuments, shutdownContentWorkers } from "@/lib/content";
import { renderChapterCode } from "./render";

// A throwaway repo root (FAULTLINE_ROOT) so the API runs over chapters this test controls.
let root = "";
const saved = { root: process.env.FAULTLINE_ROOT, extra: process.env.FAULTLINE_EXTRA_CONTENT_DIR, env: process.env.NODE_ENV };
const EXTRA = path.resolve("tests/fixtures/content/extra");

const chapter = (fm: string, body: string) => `---\n${fm}\n---\n\n${body}\n`;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), "faultline-content-"));
  await mkdir(path.join(root, "content"));
  const files: Record<string, string> = {
    "00-intro.mdx": chapter("title: Intro\nsummary: The start.\norder: 0", "# Intro\n\nWelcome to the course."),
    "01-second.mdx": chapter(
      "title: Second\nsummary: The middle.\norder: 1\nlabs: [quorum]",
      "## Vector Clocks\n\nVector clocks track causality. Back to the [intro](/chapters/intro#intro).\n\n### Three\n\n#### Four\n\n##### Five\n\n###### Six\n\n####### Very Deep\n\nDeep text.",
    ),
    "02-later.mdx": chapter("title: Later\nsummary: Not ready.\norder: 2\ndraft: true", "## Soon\n\nComing."),
  };
  for (const [name, text] of Object.entries(files)) await writeFile(path.join(root, "content", name), text);
  process.env.FAULTLINE_ROOT = root;
  process.env.FAULTLINE_EXTRA_CONTENT_DIR = EXTRA;
});

afterEach(() => {
  (process.env as Record<string, string | undefined>).NODE_ENV = saved.env;
});

afterAll(async () => {
  for (const [key, value] of [["FAULTLINE_ROOT", saved.root], ["FAULTLINE_EXTRA_CONTENT_DIR", saved.extra]] as const) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  await shutdownContentWorkers();
  await rm(root, { recursive: true, force: true });
});

describe("content API (dev)", () => {
  it("lists chapters sorted by order, drafts and extra-dir fixtures included", async () => {
    const list = await listChapters();
    expect(list.map((c) => [c.slug, c.order, c.draft])).toEqual([
      ["intro", 0, false],
      ["second", 1, false],
      ["later", 2, true],
      ["fixture-diagrams", 96, false],
      ["fixture-deep-headings", 98, false],
      ["fixture-footnotes", 99, false],
    ]);
    expect(list[1]).toMatchObject({ title: "Second", summary: "The middle.", labs: ["quorum"], readingMinutes: 1 });
    expect(list[1]!.file).toBe(path.join(root, "content/01-second.mdx").slice(root.length + 1));
  });

  it("returns a compiled chapter with headings (depth 7+), source, prev/next and plain text", { timeout: 600_000 }, async () => {
    const ch = await getChapter("second");
    expect(ch).not.toBeNull();
    expect(ch!.headings).toEqual([
      { depth: 2, id: "vector-clocks", text: "Vector Clocks" },
      { depth: 3, id: "three", text: "Three" },
      { depth: 4, id: "four", text: "Four" },
      { depth: 5, id: "five", text: "Five" },
      { depth: 6, id: "six", text: "Six" },
      { depth: 7, id: "very-deep", text: "Very Deep" },
    ]);
    expect(ch!.prev).toEqual({ slug: "intro", title: "Intro" });
    expect(ch!.next).toEqual({ slug: "later", title: "Later" });
    expect(ch!.source).toContain("## Vector Clocks");
    expect(ch!.plainText).toContain("Vector clocks track causality.");
    expect(ch!.problems).toEqual([]);
    expect(renderChapterCode(ch!.code)).toContain('<h2 id="vector-clocks">Vector Clocks</h2>');
    // Compiled once, then served from the in-memory and on-disk caches.
    expect((await getChapter("second"))!.code).toBe(ch!.code);
    expect((await readdir(path.join(root, ".cache/content"))).some((f) => f.endsWith(".js"))).toBe(true);
    expect(await getChapter("no-such-chapter")).toBeNull();
  });

  it("renders the fixture chapter's missing footnote as a marker and lists the problem", { timeout: 600_000 }, async () => {
    const ch = await getChapter("fixture-footnotes");
    expect(ch!.problems.map((p) => `${p.line}:${p.column} ${p.kind}`)).toEqual(["9:74 footnote-missing"]);
    const html = renderChapterCode(ch!.code);
    expect(html).toContain('<span class="footnote-missing" data-footnote="clock">[missing footnote: clock]</span>');
    expect(html).toContain("Text after the marker");
  });

  it("gives one search document per section, pointing at the heading", async () => {
    const docs = await searchDocuments();
    const vc = docs.find((d) => d.id === "second#vector-clocks");
    expect(vc).toMatchObject({ chapter: "second", chapterTitle: "Second", heading: "Vector Clocks", headingId: "vector-clocks" });
    expect(vc!.text).toContain("Vector clocks track causality.");
    expect(docs.find((d) => d.id === "second#very-deep")?.text).toBe("Deep text.");
  });
});

describe("content API (production)", () => {
  it("hides drafts", async () => {
    (process.env as Record<string, string>).NODE_ENV = "production";
    expect((await listChapters()).map((c) => c.slug)).toEqual(["intro", "second", "fixture-diagrams", "fixture-deep-headings", "fixture-footnotes"]);
    expect(await getChapter("later")).toBeNull();
    expect((await getChapter("second"))!.next).toEqual({ slug: "fixture-diagrams", title: "Fixture: diagrams" });
  }, 600_000);

  it("fails a broken chapter with the check's path:line:col messages, but not extra-dir fixtures", { timeout: 600_000 }, async () => {
    const file = path.join(root, "content/03-broken.mdx");
    await writeFile(file, chapter("title: Broken\nsummary: Has a bad footnote.\norder: 3", "## Oops\n\nA claim.[^source]"));
    try {
      (process.env as Record<string, string>).NODE_ENV = "production";
      const err = await getChapter("broken").catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ContentError);
      expect((err as Error).message).toContain("content/03-broken.mdx:9:9: footnote [^source] has no definition");
      expect((await getChapter("fixture-footnotes"))!.problems).toHaveLength(1);
      // In dev the same chapter renders, carrying its problems for the page to show.
      (process.env as Record<string, string>).NODE_ENV = "development";
      const dev = (await getChapter("broken"))!;
      expect(dev.problems.map((p) => p.kind)).toEqual(["footnote-missing"]);
      const html = renderChapterCode(dev.code);
      expect(html).toContain('<aside class="admonition admonition-danger" role="note"><p class="admonition-title">1 authoring problem (shown in dev only; run npm run content:check)</p>');
      expect(html).toContain("content/03-broken.mdx:9:9: footnote [\u2060^source] has no definition");
    } finally {
      await rm(file);
    }
  });

  it("fails the listing when front matter is broken", async () => {
    const file = path.join(root, "content/04-bad-front-matter.mdx");
    await writeFile(file, chapter("title: No summary\norder: 4", "## Body"));
    try {
      (process.env as Record<string, string>).NODE_ENV = "production";
      await expect(listChapters()).rejects.toThrow('content/04-bad-front-matter.mdx:1:1: front matter: "summary" is required');
      (process.env as Record<string, string>).NODE_ENV = "development";
      expect((await listChapters()).map((c) => c.slug)).not.toContain("bad-front-matter");
    } finally {
      await rm(file);
    }
  });
});
