import { readFile } from "node:fs/promises";
import { afterAll, describe, expect, it } from "vitest";
import { shutdownContentWorkers } from "@/lib/content";
import { compileMdx } from "@/lib/content/compile";
import { collectHeadings } from "@/lib/content/sections";
import { parseChapter } from "@/lib/content/parse";
import { renderChapterCode } from "./render";

const FIXTURE = "tests/fixtures/content/compile/30-features.mdx";
let html = "";

afterAll(async () => {
  await shutdownContentWorkers();
});

describe("chapter compile", () => {
  it("compiles every contract syntax to the agreed HTML", { timeout: 600_000 }, async () => {
    const source = await readFile(FIXTURE, "utf8");
    html = renderChapterCode(await compileMdx(source, process.cwd()));

    // Footnotes: a defined one links to its note; a missing one is a visible marker, never raw text.
    expect(html).toContain('<span class="footnote-missing" data-footnote="clock">[missing footnote: clock]</span>');
    expect(html).toMatch(/<sup><a href="#user-content-fn-ok"[^>]*data-footnote-ref/);
    expect(html).not.toContain("[^clock]");
    // Math (KaTeX), inline and block.
    expect(html).toContain('class="katex"');
    expect(html).toContain('class="katex-display"');
    // Admonitions, with and without a title.
    expect(html).toContain('<aside class="admonition admonition-warning" role="note"><p class="admonition-title">Mind the clocks</p>');
    expect(html).toContain('<aside class="admonition admonition-tip" role="note"><p class="admonition-title">tip</p>');
    // GFM task list and table.
    // Each checkbox is named after its item (WCAG 4.1.2: a form control needs a name).
    // (Static subtrees reach the page as HTML strings: attributes in any order, `disabled` may be bare.)
    expect(html).toMatch(/<input (?=[^>]*type="checkbox")(?=[^>]*\bdisabled\b)(?=[^>]*aria-label="done")(?=[^>]*\bchecked\b)[^>]*\/> done<\/li>/);
    expect(html).toMatch(/<input (?=[^>]*type="checkbox")(?=[^>]*\bdisabled\b)(?=[^>]*aria-label="not yet")(?![^>]*\bchecked\b)[^>]*\/> not yet<\/li>/);
    expect(html).toContain("<table>");
    // Shiki at build time, light + dark, with language and title for the code block header; the
    // "-default" GitHub themes because every token colour in them passes WCAG AA contrast.
    expect(html).toMatch(/<pre class="shiki shiki-themes github-light-default github-dark-default"[^>]*data-language="ts" data-title="limiter.ts"/);
    expect(html).toContain("--shiki-dark:");
    // Token colours as classes with one rule each in a <style>, not a 44-char inline style per token.
    expect(html).toMatch(/<span class="shk-[0-9a-z]+">/);
    expect(html).not.toMatch(/<span style="color:/);
    expect(html).toMatch(/<style>\.shk-0\{color:#[0-9A-Fa-f]{6};--shiki-dark:#[0-9A-Fa-f]{6}\}/);
    // Mermaid left for the client; D2 rendered to inline SVG at build time.
    expect(html).toContain('<pre class="mermaid">sequenceDiagram\n  C-&gt;&gt;L: write</pre>');
    // One SVG per diagram (both palettes inside it), not one per theme.
    expect(html).toMatch(/<figure class="d2-diagram" data-d2="[0-9a-f]{16}"><svg/);
    expect(html.match(/<figure class="d2-diagram"[\s\S]*?<\/figure>/)![0].match(/data-d2-version/g)).toHaveLength(1);
    // Image with caption becomes a figure.
    expect(html).toContain('<figure><img src="/images/token-bucket.svg" alt="A token bucket"/><figcaption>Tokens refill at a fixed rate</figcaption></figure>');
    // Deep headings: h6 with the real level and a slug id; text under them stays a paragraph.
    expect(html).toContain('<h6 aria-level="7" data-level="7" id="deep-level-seven">Deep Level Seven</h6>');
    expect(html).toContain('<h6 aria-level="8" data-level="8" id="deep-level-eight">Deep Level Eight</h6>\n<p>Text right under it.</p>');
    // Prose that remark-directive would misread as a directive stays text.
    expect(html).toContain('id="key-ratealice-stays-text">Key rate:alice stays text</h2>');
    expect(html).toContain('<div data-lab="quorum" data-task="configure"></div>');
  });

  it("lists every heading with its depth (7+ included) and github-slugger id", async () => {
    const headings = collectHeadings(parseChapter(await readFile(FIXTURE, "utf8")));
    expect(headings).toEqual([
      { depth: 1, id: "features", text: "Features" },
      { depth: 7, id: "deep-level-seven", text: "Deep Level Seven" },
      { depth: 8, id: "deep-level-eight", text: "Deep Level Eight" },
      { depth: 2, id: "key-ratealice-stays-text", text: "Key rate:alice stays text" },
    ]);
  });

  it("renders D2 once with both palettes, the dark one under :root.dark, cached by content hash under .cache/d2", async () => {
    const { d2CacheFile, renderD2 } = await import("@/lib/content/d2");
    const rendered = await renderD2("client -> api: request");
    const cached = JSON.parse(await readFile(d2CacheFile("client -> api: request"), "utf8")) as unknown;
    expect(cached).toEqual(rendered);
    const { svg } = rendered;
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg.match(/data-d2-version/g)).toHaveLength(1);
    // The site's switch, not the system's preference, picks the palette.
    expect(svg).not.toContain("prefers-color-scheme");
    const light = /\n\s*(\.d2-\d+ \.fill-N7)\{fill:(#[0-9A-Fa-f]{6});\}/.exec(svg);
    const dark = /:root\.dark (\.d2-\d+ \.fill-N7)\{fill:(#[0-9A-Fa-f]{6});\}/.exec(svg);
    expect(light?.[1]).toBe(dark?.[1]);
    expect(dark?.[2]).not.toBe(light?.[2]); // a dark background, not the light one twice
  }, 600_000);

  it("drops D2 style rules no element uses, keeping @-rules, scoped and theme rules in use", async () => {
    const { withoutUnusedRules } = await import("@/lib/content/d2");
    const svg =
      '<svg class="d2-7 d2-svg"><style><![CDATA[.d2-7 .fill-N1{fill:#000;}.d2-7 .fill-N2{fill:#111;}@font-face{font-family:f;}]]></style>' +
      '<style><![CDATA[.shape{x:y}\n:root.dark .d2-7 .fill-N1{fill:#fff;}:root.dark .d2-7 .fill-N2{fill:#eee;}.md h1{a:b}]]></style>' +
      '<rect class=" fill-N1" /><path class="shape" /></svg>';
    expect(withoutUnusedRules(svg)).toBe(
      '<svg class="d2-7 d2-svg"><style><![CDATA[.d2-7 .fill-N1{fill:#000;}@font-face{font-family:f;}]]></style>' +
        '<style><![CDATA[.shape{x:y}\n:root.dark .d2-7 .fill-N1{fill:#fff;}]]></style>' +
        '<rect class=" fill-N1" /><path class="shape" /></svg>',
    );
  });

  it("puts each rule of a dark media block under :root.dark, selector lists included", async () => {
    const { darkPaletteUnderThemeClass } = await import("@/lib/content/d2");
    const svg = "<style>.a{fill:#fff;}@media screen and (prefers-color-scheme:dark){\n\t.d2-1 .x{fill:#000;}\n\t.d2-1 .y, .d2-1 .z{stroke:#111;}\n}.b{x:y;}</style>";
    expect(darkPaletteUnderThemeClass(svg)).toBe(
      "<style>.a{fill:#fff;}\n\t:root.dark .d2-1 .x{fill:#000;}\n\t:root.dark .d2-1 .y,:root.dark .d2-1 .z{stroke:#111;}\n.b{x:y;}</style>",
    );
  });

  it("serialises concurrent D2 renders (one instance called concurrently hangs)", async () => {
    const { renderD2 } = await import("@/lib/content/d2");
    const sources = [1, 2, 3].map((i) => `n${i}_${Date.now()} -> m${i}: hop ${i}`);
    const svgs = await Promise.all(sources.map((s) => renderD2(s)));
    svgs.forEach((rendered, i) => expect(rendered.svg).toContain(`hop ${i + 1}`));
  }, 600_000);
});
