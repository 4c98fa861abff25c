import type { Image, Paragraph, Root } from "mdast";
import { visit } from "unist-util-visit";

function loneImage(node: Paragraph): Image | null {
  const meaningful = node.children.filter((c) => !(c.type === "text" && c.value.trim() === ""));
  const only = meaningful[0];
  return meaningful.length === 1 && only?.type === "image" ? only : null;
}

/** A paragraph holding only `![alt](src "Caption")` becomes `<figure><img><figcaption>`. */
export function remarkFigures() {
  return (tree: Root) => {
    visit(tree, "paragraph", (node: Paragraph) => {
      const image = loneImage(node);
      if (!image) return;
      const caption = image.title;
      const img: Image = { ...image, title: null };
      node.children = [img];
      if (caption) {
        node.children.push({
          type: "emphasis",
          data: { hName: "figcaption" },
          children: [{ type: "text", value: caption }],
        });
      }
      node.data = { ...node.data, hName: "figure" };
    });
  };
}
