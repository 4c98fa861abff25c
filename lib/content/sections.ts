import type { Root, RootContent } from "mdast";
import { toString } from "mdast-util-to-string";

export interface ChapterHeading {
  /** 1–6, or 7+ for the contract's deep-heading syntax. */
  depth: number;
  id: string;
  text: string;
}

export interface ChapterSection {
  /** "" for the text before the first heading. */
  headingId: string;
  heading: string;
  text: string;
}

const PHRASING = new Set([
  "emphasis",
  "strong",
  "delete",
  "link",
  "linkReference",
  "mdxJsxTextElement",
  "textDirective",
]);
const isPhrasing = (node: RootContent) => PHRASING.has(node.type);

const SKIP_TYPES = new Set(["yaml", "mdxjsEsm", "mdxFlowExpression", "definition"]);

function nodeText(node: RootContent): string {
  if (SKIP_TYPES.has(node.type)) return "";
  // Diagram sources are not prose a reader searches for.
  if (node.type === "code" && (node.lang === "mermaid" || node.lang === "d2")) return "";
  if (node.type === "code" || node.type === "math") return node.value;
  // Blocks (lists, admonitions, tables…) join their children line by line so words don't run together.
  if (
    "children" in node &&
    node.type !== "paragraph" &&
    node.type !== "heading" &&
    !isPhrasing(node)
  ) {
    return (node.children as RootContent[]).map(nodeText).filter(Boolean).join("\n");
  }
  return toString(node, { includeImageAlt: true });
}

export function collectHeadings(tree: Root): ChapterHeading[] {
  const out: ChapterHeading[] = [];
  const walk = (nodes: RootContent[]) => {
    for (const node of nodes) {
      if (node.type === "heading") {
        out.push({
          depth: node.data?.level ?? node.depth,
          id: node.data?.id ?? "",
          text: toString(node),
        });
      } else if ("children" in node && node.type !== "paragraph") {
        walk(node.children as RootContent[]);
      }
    }
  };
  walk(tree.children);
  return out;
}

/** Splits a chapter at its top-level headings: one search document per section. */
export function collectSections(tree: Root, chapterTitle: string): ChapterSection[] {
  const sections: ChapterSection[] = [{ headingId: "", heading: chapterTitle, text: "" }];
  const parts: string[][] = [[]];
  for (const node of tree.children) {
    if (node.type === "heading") {
      sections.push({ headingId: node.data?.id ?? "", heading: toString(node), text: "" });
      parts.push([]);
      continue;
    }
    const text = nodeText(node).trim();
    if (text) parts[parts.length - 1]!.push(text);
  }
  sections.forEach((s, i) => (s.text = (parts[i] ?? []).join("\n").replace(/\s+/g, " ").trim()));
  return sections.filter((s) => s.headingId !== "" || s.text !== "");
}

export function plainTextOf(sections: ChapterSection[]): string {
  return sections.map((s) => (s.headingId ? `${s.heading}\n${s.text}` : s.text)).join("\n\n");
}

const WORDS_PER_MINUTE = 220;

export function readingMinutes(plainText: string): number {
  const words = plainText.split(/\s+/).filter(Boolean).length;
  return Math.max(1, Math.round(words / WORDS_PER_MINUTE));
}
