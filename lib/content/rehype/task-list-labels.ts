import type { Element, ElementContent, Root } from "hast";
import { toString } from "hast-util-to-string";
import { visit } from "unist-util-visit";

/**
 * GFM renders `- [ ] item` as `<li class="task-list-item"><input type="checkbox" disabled> item`,
 * a checkbox with no accessible name (WCAG 4.1.2, axe `label`, critical). This names each one
 * after its own item's text — nested lists left out, since they are items of their own.
 */
export function rehypeTaskListLabels() {
  return (tree: Root) => {
    visit(tree, "element", (li: Element) => {
      if (li.tagName !== "li" || !hasClass(li, "task-list-item")) return;
      const box = findCheckbox(li.children);
      if (!box || box.properties.ariaLabel) return;
      const own = li.children.filter((child) => !(child.type === "element" && isList(child)));
      const text = own.map((child) => toString(child)).join("").replace(/\s+/g, " ").trim();
      box.properties.ariaLabel = text || "Task";
    });
  };
}

function hasClass(node: Element, name: string): boolean {
  const className = node.properties.className;
  return Array.isArray(className) && className.includes(name);
}

function isList(node: Element): boolean {
  return node.tagName === "ul" || node.tagName === "ol";
}

/** The checkbox sits first in the item, or first in its paragraph when the list is loose. */
function findCheckbox(children: ElementContent[]): Element | undefined {
  for (const child of children) {
    if (child.type !== "element") continue;
    if (child.tagName === "input" && child.properties.type === "checkbox") return child;
    if (child.tagName === "p") return findCheckbox(child.children);
  }
  return undefined;
}
