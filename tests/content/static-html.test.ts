/**
 * Static subtrees of a chapter reach the page as HTML strings (lib/content/rehype/static-html)
 * so the RSC payload does not repeat them as JSON element tuples: the rendered page must be
 * the same document either way, and the parts components read (headings, Mermaid) must stay
 * React children.
 */
import { readdirSync } from "node:fs";
import { readFile } from "node:fs/promises";
import type { Element, Nodes } from "hast";
import { fromHtml } from "hast-util-from-html";
import { afterAll, describe, expect, it } from "vitest";
import { shutdownContentWorkers } from "@/lib/content";
import { compileMdx } from "@/lib/content/compile";
import { renderChapterCode } from "./render";

const FIXTURES = [
  "tests/fixtures/content/compile/30-features.mdx",
  ...readdirSync("content").filter((f) => f.endsWith(".mdx")).map((f) => `content/${f}`),
];

afterAll(async () => {
  await shutdownContentWorkers();
});

/** The document a browser builds: attributes unordered, `disabled` = `disabled=""`, styles without spacing. */
function normalise(node: Nodes): unknown {
  if (node.type === "text") return node.value;
  if (node.type !== "element" && node.type !== "root") return null;
  const children = node.children.map((c) => normalise(c as Nodes)).filter((c) => c !== null);
  if (node.type === "root") return children;
  const props = Object.entries((node as Element).properties)
    .map(([k, v]) => [k, k === "style" ? String(v).split(";").map((d) => d.replace(/\s+/g, "")).filter(Boolean).join(";") : Array.isArray(v) ? v.join(" ") : v] as const)
    .sort(([a], [b]) => a.localeCompare(b));
  return [node.tagName, Object.fromEntries(props), children];
}

const page = async (file: string, staticHtml: boolean) =>
  renderChapterCode(await compileMdx(await readFile(file, "utf8"), process.cwd(), { staticHtml }));

describe("static subtrees as HTML", () => {
  for (const file of FIXTURES) {
    it(`renders ${file} as the same document, with its static parts as HTML strings`, { timeout: 600_000 }, async () => {
      const code = await compileMdx(await readFile(file, "utf8"), process.cwd());
      expect(code).toContain("dangerouslySetInnerHTML");
      const [asHtml, asElements] = [await page(file, true), await page(file, false)];
      expect(normalise(fromHtml(asHtml, { fragment: true }))).toEqual(normalise(fromHtml(asElements, { fragment: true })));
    });
  }

  it("keeps headings and Mermaid charts as React children (their components read the text)", { timeout: 600_000 }, async () => {
    const code = await compileMdx("## Quorums with `W + R > N`\n\n```mermaid\nflowchart LR\n  a --> b\n```\n\nText with **bold** and $x^2$.\n", process.cwd());
    // As HTML they would read `<code>W + R &gt; N</code>` and `a --&gt; b`.
    expect(code).not.toContain("&gt;");
    expect(code).toContain("<strong>bold</strong>");
  });
});
