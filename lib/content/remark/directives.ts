import type { Paragraph, Root, RootContent } from "mdast";
import type { ContainerDirective } from "mdast-util-directive";
import type { MdxJsxAttribute, MdxJsxFlowElement } from "mdast-util-mdx-jsx";
import { toString } from "mdast-util-to-string";
import { visit } from "unist-util-visit";

export const ADMONITION_KINDS = ["note", "info", "tip", "warning", "danger"] as const;
export type AdmonitionKind = (typeof ADMONITION_KINDS)[number];

export function isAdmonitionKind(name: string): name is AdmonitionKind {
  return (ADMONITION_KINDS as readonly string[]).includes(name);
}

/**
 * Text and leaf directives are not part of the contract: prose like `rate:alice` that
 * remark-directive misreads as one is put back as text (before heading ids are made).
 */
export function remarkRestoreStrayDirectives() {
  return (tree: Root) => {
    visit(tree, (node, index, parent) => {
      if (!parent || index === undefined) return;
      if (node.type === "textDirective" || node.type === "leafDirective") {
        const prefix = node.type === "textDirective" ? ":" : "::";
        const restored = [{ type: "text", value: `${prefix}${node.name}` }, ...node.children] as RootContent[];
        if (node.type === "leafDirective") {
          parent.children.splice(index, 1, { type: "paragraph", children: restored } as Paragraph);
        } else {
          parent.children.splice(index, 1, ...(restored as typeof parent.children));
        }
        return index;
      }
    });
  };
}

/**
 * `:::note[Title]` → `<Admonition kind="note" title="Title">` (a component the reading UI supplies;
 * it renders `<aside class="admonition admonition-note" role="note">`).
 */
export function remarkAdmonitions() {
  return (tree: Root) => {
    visit(tree, (node, index, parent) => {
      if (!parent || index === undefined) return;
      if (node.type !== "containerDirective") return;
      const dir = node as ContainerDirective;
      const kind = isAdmonitionKind(dir.name) ? dir.name : "note";
      const first = dir.children[0];
      const attributes: MdxJsxAttribute[] = [{ type: "mdxJsxAttribute", name: "kind", value: kind }];
      if (first?.type === "paragraph" && first.data?.directiveLabel) {
        attributes.push({ type: "mdxJsxAttribute", name: "title", value: toString(first) });
        dir.children.shift();
      }
      const element: MdxJsxFlowElement = {
        type: "mdxJsxFlowElement",
        name: "Admonition",
        attributes,
        children: dir.children as MdxJsxFlowElement["children"],
        position: dir.position,
      };
      parent.children.splice(index, 1, element as (typeof parent.children)[number]);
    });
  };
}
