/**
 * Task statements (Markdown) → a hast tree, on the server (./runner-lab), so the browser gets
 * the chapters' rendering — GFM lists, tables, emphasis, links, shiki-highlighted fenced code —
 * without shipping a Markdown parser. Raw HTML in a statement is shown as text, never
 * interpreted; the client (components/labs/Statement) renders only the elements it knows.
 */
import type { Element, ElementContent, Root as HastRoot } from "hast";
import type { Html, Root as MdRoot, Text } from "mdast";
import { toHast } from "mdast-util-to-hast";
import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import { unified } from "unified";
import { visit } from "unist-util-visit";
import { rehypeHighlight } from "@/lib/content/highlight";

const parser = unified().use(remarkParse).use(remarkGfm);

/** A statement sits under the lab's h3: its headings start at h4. */
const HEADING = /^h([1-6])$/;

export async function statementToHast(markdown: string): Promise<HastRoot> {
  const mdast = parser.runSync(parser.parse(markdown)) as MdRoot;
  // Authors are instructors, still: `<script>` in a statement is shown, not run.
  visit(mdast, "html", (node: Html, index, parent) => {
    if (parent && index !== undefined) parent.children[index] = { type: "text", value: node.value } satisfies Text;
  });
  const hast = toHast(mdast) as HastRoot;
  await rehypeHighlight()(hast);
  return normalise(hast) as HastRoot;
}

/**
 * One shape for the browser: shiki nests a `root` per code block and writes `class` strings
 * where mdast-util-to-hast writes `className` arrays; positions are dropped (half the JSON).
 */
function normalise<T extends HastRoot | Element>(node: T): T {
  delete node.position;
  node.children = node.children.flatMap((child) => ((child as { type: string }).type === "root" ? (normalise(child as unknown as HastRoot).children as ElementContent[]) : [child])) as T["children"];
  for (const child of node.children) {
    if (child.type === "element") normalise(child);
    else delete child.position;
  }
  if (node.type === "element") {
    const { properties } = node;
    if (typeof properties.class === "string") {
      properties.className = properties.class.split(/\s+/).filter(Boolean);
      delete properties.class;
    }
    const heading = HEADING.exec(node.tagName);
    if (heading) node.tagName = `h${Math.min(6, Number(heading[1]) + 3)}`;
  }
  return node;
}
