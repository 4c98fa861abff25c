import type { PhrasingContent, Root, Text } from "mdast";
import { visit, SKIP } from "unist-util-visit";

/** remark-gfm leaves a reference to an undefined footnote as the literal text `[^id]`. */
export const MISSING_FOOTNOTE_RE = /\[\^([^\]\s]+)\]/g;

/**
 * Turns each leftover `[^id]` into a visible marker
 * `<span class="footnote-missing" data-footnote="id">[missing footnote: id]</span>`.
 */
export function remarkMissingFootnotes() {
  return (tree: Root) => {
    visit(tree, "text", (node: Text, index, parent) => {
      if (!parent || index === undefined || !node.value.includes("[^")) return;
      const parts: PhrasingContent[] = [];
      let last = 0;
      for (const m of node.value.matchAll(MISSING_FOOTNOTE_RE)) {
        const id = m[1]!;
        if (m.index > last) parts.push({ type: "text", value: node.value.slice(last, m.index) });
        parts.push({
          type: "emphasis",
          data: {
            hName: "span",
            hProperties: { className: ["footnote-missing"], dataFootnote: id },
          },
          children: [{ type: "text", value: `[missing footnote: ${id}]` }],
        });
        last = m.index + m[0].length;
      }
      if (parts.length === 0) return;
      if (last < node.value.length) parts.push({ type: "text", value: node.value.slice(last) });
      parent.children.splice(index, 1, ...(parts as typeof parent.children));
      return [SKIP, index + parts.length];
    });
  };
}
