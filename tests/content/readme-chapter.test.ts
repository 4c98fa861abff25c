/**
 * The README's "Writing a chapter" example is the whole authoring guide an instructor gets:
 * taken from the README as written, it must pass the authoring check and compile with every
 * feature it shows.
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { shutdownContentWorkers } from "@/lib/content";
import { checkContent } from "@/lib/content/check";
import { compileMdx } from "@/lib/content/compile";
import { renderChapterCode } from "./render";

async function readmeExample(): Promise<string> {
  const readme = await readFile("README.md", "utf8");
  const section = readme.slice(readme.indexOf("## Writing a chapter"));
  const match = /````mdx\n([\s\S]*?)\n````/.exec(section);
  if (!match) throw new Error('README.md has no ````mdx example under "## Writing a chapter"');
  return `${match[1]}\n`;
}

afterAll(async () => {
  await shutdownContentWorkers();
});

describe("the README's chapter example", () => {
  it("passes content:check and renders every feature it shows", { timeout: 600_000 }, async () => {
    const source = await readmeExample();
    const dir = await mkdtemp(path.join(tmpdir(), "readme-chapter-"));
    try {
      const file = path.join(dir, "04-clocks-and-order.mdx");
      await writeFile(file, source);
      expect((await checkContent([file])).map((p) => `${p.line}: ${p.message}`)).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    const html = renderChapterCode(await compileMdx(source, process.cwd()));
    expect(html).toContain('class="katex"');
    expect(html).toContain('class="katex-display"');
    expect(html).toContain('<aside class="admonition admonition-warning" role="note"><p class="admonition-title">Clocks drift</p>');
    expect(html).toMatch(/data-language="ts" data-title="compare.ts"/);
    expect(html).toContain('<pre class="mermaid">stateDiagram-v2');
    expect(html).toMatch(/<figure class="d2-diagram"[^>]*><svg/);
    expect(html).toMatch(/<input (?=[^>]*type="checkbox")(?=[^>]*\bdisabled\b)(?=[^>]*aria-label="[^"]+")(?=[^>]*\bchecked\b)[^>]*\/>/); // named after its item
    expect(html).toMatch(/href="#user-content-fn-lamport"/);
    expect(html).toContain('alt="Two clocks showing different times"');
    expect(html).toContain('data-lab="lww-skew"');
    expect(html).toContain('href="/chapters/consistency-models#vector-clocks"');
  });
});
