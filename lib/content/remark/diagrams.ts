import type { Code, Root } from "mdast";
import type { ElementContent } from "hast";
import { fromHtml } from "hast-util-from-html";
import { visit } from "unist-util-visit";
import { D2Error, d2Hash, renderD2 } from "../d2";

/**
 * ```mermaid stays text for the client (`<pre class="mermaid">`, rendered lazily in the browser);
 * ```d2 becomes inline SVG at build time, with a light and a dark palette (`<figure class="d2-diagram">`).
 */
export function remarkDiagrams() {
  return async (tree: Root) => {
    const d2Nodes: Code[] = [];
    visit(tree, "code", (node: Code) => {
      if (node.lang === "mermaid") {
        node.data = {
          ...node.data,
          hName: "pre",
          hProperties: { className: ["mermaid"] },
          hChildren: [{ type: "text", value: node.value }],
        };
      } else if (node.lang === "d2") {
        d2Nodes.push(node);
      }
    });
    // Sequential on purpose: the D2 renderer is serialised anyway.
    for (const node of d2Nodes) {
      let children: ElementContent[];
      let className = ["d2-diagram"];
      try {
        // One SVG: its own style switches palettes under :root.dark (see d2.ts).
        const { svg } = await renderD2(node.value);
        children = fromHtml(svg, { fragment: true, space: "svg" }).children as ElementContent[];
      } catch (err) {
        const message =
          err instanceof D2Error ? `D2 error at line ${err.line}: ${err.message}` : String(err);
        className = ["d2-diagram", "d2-error"];
        children = [
          {
            type: "element",
            tagName: "pre",
            properties: {},
            children: [{ type: "text", value: message }],
          },
        ];
      }
      node.data = {
        ...node.data,
        hName: "figure",
        hProperties: { className, dataD2: d2Hash(node.value).slice(0, 16) },
        hChildren: children,
      };
    }
  };
}
