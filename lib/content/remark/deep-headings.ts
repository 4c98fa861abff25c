import type { Heading, Paragraph, PhrasingContent, Root } from "mdast";
import type {} from "mdast-util-to-hast"; // declares data.hName / hProperties / hChildren on mdast nodes
import { visit, SKIP } from "unist-util-visit";

declare module "mdast" {
  interface HeadingData {
    /** Real level; above 6 for the contract's `#######` syntax (rendered as h6 with aria-level). */
    level?: number;
    id?: string;
  }
}

const DEEP_RE = /^(#{7,})[ \t]+/;

/**
 * Markdown stops at `######`; the contract lets authors write 7+ `#` for deeper levels.
 * Such a line parses as a paragraph: turn its first line into an h6 carrying the real level.
 */
export function remarkDeepHeadings() {
  return (tree: Root) => {
    visit(tree, "paragraph", (node: Paragraph, index, parent) => {
      const first = node.children[0];
      if (!parent || index === undefined || first?.type !== "text") return;
      const m = DEEP_RE.exec(first.value);
      if (!m) return;
      const level = m[1]!.length;
      const headingChildren: PhrasingContent[] = [];
      const rest: PhrasingContent[] = [];
      let inHeading = true;
      node.children.forEach((child, i) => {
        let c = child;
        if (i === 0 && c.type === "text") c = { ...c, value: c.value.slice(m[0].length) };
        if (!inHeading) return rest.push(c);
        if (c.type === "text" && c.value.includes("\n")) {
          const nl = c.value.indexOf("\n");
          headingChildren.push({
            ...c,
            value: c.value.slice(0, nl).replace(/[ \t]+#*[ \t]*$/, ""),
          });
          const after = c.value.slice(nl + 1);
          if (after) rest.push({ type: "text", value: after });
          inHeading = false;
          return;
        }
        headingChildren.push(c);
      });
      const heading: Heading = {
        type: "heading",
        depth: 6,
        children: headingChildren,
        position: node.position
          ? {
              start: node.position.start,
              end: inHeading
                ? node.position.end
                : { ...node.position.start, column: node.position.start.column + 1 },
            }
          : undefined,
        data: { level, hProperties: { ariaLevel: level, dataLevel: level } },
      };
      const replacement: (Heading | Paragraph)[] = [heading];
      if (rest.length > 0) replacement.push({ type: "paragraph", children: rest });
      parent.children.splice(index, 1, ...(replacement as typeof parent.children));
      return [SKIP, index + replacement.length];
    });
  };
}
