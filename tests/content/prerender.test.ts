import { mkdtemp, mkdir, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { chapterStaticParams } from "@/components/reading/chapter-data";
import { getChapter, precompileChapters, shutdownContentWorkers } from "@/lib/content";

// What `next build` relies on to prerender chapters: every visible slug as a static param, the
// build hook's precompile filling .cache/content, and pages not re-running the hook's check.
let root = "";
const saved = {
  root: process.env.FAULTLINE_ROOT,
  extra: process.env.FAULTLINE_EXTRA_CONTENT_DIR,
  checked: process.env.FAULTLINE_CONTENT_CHECKED,
  env: process.env.NODE_ENV,
};
const env = process.env as Record<string, string | undefined>;

const chapter = (fm: string, body: string) => `---\n${fm}\n---\n\n${body}\n`;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), "faultline-prerender-"));
  await mkdir(path.join(root, "content"));
  const files: Record<string, string> = {
    "00-intro.mdx": chapter("title: Intro\nsummary: The start.\norder: 0", "## Intro\n\nWelcome, $x^2$.\n\n```ts\nconst a = 1;\n```"),
    // A missing footnote: an authoring problem the check reports.
    "01-second.mdx": chapter("title: Second\nsummary: The middle.\norder: 1", "## Second\n\nA claim.[^nowhere]"),
    "02-later.mdx": chapter("title: Later\nsummary: Not ready.\norder: 2\ndraft: true", "## Soon\n\nComing."),
  };
  for (const [name, text] of Object.entries(files)) await writeFile(path.join(root, "content", name), text);
  env.FAULTLINE_ROOT = root;
  delete env.FAULTLINE_EXTRA_CONTENT_DIR;
});

afterEach(() => {
  env.NODE_ENV = saved.env;
  if (saved.checked === undefined) delete env.FAULTLINE_CONTENT_CHECKED;
  else env.FAULTLINE_CONTENT_CHECKED = saved.checked;
});

afterAll(async () => {
  for (const [key, value] of [["FAULTLINE_ROOT", saved.root], ["FAULTLINE_EXTRA_CONTENT_DIR", saved.extra]] as const) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  await shutdownContentWorkers();
  await rm(root, { recursive: true, force: true });
});

describe("chapters prerendered by next build", () => {
  it("gives every visible chapter as a static param (drafts only outside production)", async () => {
    env.NODE_ENV = "production";
    expect(await chapterStaticParams()).toEqual([{ slug: "intro" }, { slug: "second" }]);
    env.NODE_ENV = "development";
    expect((await chapterStaticParams()).map((p) => p.slug)).toEqual(["intro", "second", "later"]);
  });

  it("precompiles every chapter into .cache/content, and a second pass reads the cache", { timeout: 600_000 }, async () => {
    env.NODE_ENV = "production";
    const first = await precompileChapters(2);
    expect(first.map((c) => [c.slug, c.ok]).sort()).toEqual([
      ["intro", true],
      ["second", true],
    ]);
    const files = await readdir(path.join(root, ".cache", "content"));
    expect(files.filter((f) => f.endsWith(".js"))).toHaveLength(2);
    const again = await precompileChapters(2);
    expect(again.every((c) => c.ok)).toBe(true);
    expect(await readdir(path.join(root, ".cache", "content"))).toEqual(files);
  });

  it("skips the per-page check only after the build hook's check passed", { timeout: 600_000 }, async () => {
    env.NODE_ENV = "development";
    delete env.FAULTLINE_CONTENT_CHECKED;
    const checked = await getChapter("second");
    expect(checked!.problems.map((p) => p.message).join("\n")).toMatch(/nowhere/);
    env.FAULTLINE_CONTENT_CHECKED = "1";
    const trusted = await getChapter("second");
    expect(trusted!.problems).toEqual([]);
    expect(trusted!.code.length).toBeGreaterThan(0);
  });
});
