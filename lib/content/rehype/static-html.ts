import type { Program } from "estree";
import type { Element, ElementContent, Root, RootContent } from "hast";
import { toHtml } from "hast-util-to-html";
import type { MdxJsxFlowElementHast as MdxJsxFlowElement } from "mdast-util-mdx-jsx";
import { visit } from "unist-util-visit";

/**
 * A chapter's static parts — prose, lists, KaTeX, highlighted code — reach the page twice: as
 * markup and again in the inline RSC payload, where each element is a JSON tuple
 * (`["$","span",null,{"className":"mord","children":…}]`) that weighs about twice its HTML.
 * This turns every element whose subtree is plain HTML into that element with its children as
 * one HTML string (`dangerouslySetInnerHTML`): the markup is the same, the payload carries the
 * subtree as HTML. Runs last, on the compiled chapter only (never on instructor-written HTML:
 * MDX has already rejected or escaped that), so nothing here becomes live that was not before.
 *
 * Left alone: elements a chapter component replaces (headings read their text for the anchor
 * label, `pre` may be a Mermaid chart, `table` gets a scroll box) and every JSX component;
 * the plugin still descends into their children, and turns a code block's `<code>` into HTML.
 */
const COMPONENT_TAGS = new Set(["h1", "h2", "h3", "h4", "h5", "h6", "pre", "table"]);
/** React does more with these than write them out (an `<img>` gets a preload hint in the head). */
const REACT_TAGS = new Set(["img"]);
/** Where MDX drops whitespace-only text (hast-util-to-estree), as the HTML parser would. */
const TABLE_PARTS = new Set(["table", "thead", "tbody", "tfoot", "tr"]);
const HEADING = /^h[1-6]$/;
/** Own properties kept as they are: their React name is their hast name. */
const SAME_NAME = new Set(["id", "href", "title", "lang", "dir", "role", "target", "start"]);

type Parent = Root | Element | MdxJsxFlowElement;

export function rehypeStaticHtml() {
  return (tree: Root) => descend(tree);
}

function descend(parent: Parent): void {
  const children = parent.children as RootContent[];
  for (let i = 0; i < children.length; i++) {
    const child = children[i]!;
    if (child.type === "element") {
      if (HEADING.test(child.tagName)) continue; // Heading reads its children's text
      if (child.tagName === "pre") {
        const code = child.children.length === 1 ? child.children[0] : undefined;
        if (!hasClass(child, "mermaid") && code?.type === "element" && code.tagName === "code" && isPlain(code.children)) {
          child.children = [asHtml(code)];
        }
        continue;
      }
      const props = COMPONENT_TAGS.has(child.tagName) || REACT_TAGS.has(child.tagName) ? undefined : reactProps(child);
      if (props && isPlain(child.children) && child.children.some((c) => c.type === "element")) {
        children[i] = asHtml(child, props);
      } else descend(child);
    } else if (child.type === "mdxJsxFlowElement" || child.type === "mdxJsxTextElement" || (child as { type: string }).type === "root") {
      // shiki leaves each highlighted block as a nested root around its <pre>.
      descend(child as MdxJsxFlowElement);
    }
  }
}

/** Only elements and text below, none of them drawn by a component. */
function isPlain(nodes: readonly (ElementContent | RootContent)[]): boolean {
  return nodes.every((n) => n.type === "text" || (n.type === "element" && !COMPONENT_TAGS.has(n.tagName) && !REACT_TAGS.has(n.tagName) && isPlain(n.children)));
}

function hasClass(el: Element, name: string): boolean {
  const cls = el.properties.className;
  return Array.isArray(cls) && cls.includes(name);
}

/** The element's own properties as React props, or undefined when one has no plain equivalent (e.g. `style`). */
function reactProps(el: Element): Record<string, string | number | boolean> | undefined {
  const props: Record<string, string | number | boolean> = {};
  for (const [name, value] of Object.entries(el.properties)) {
    if (value === null || value === undefined || value === false) continue;
    const plain = Array.isArray(value) ? value.join(" ") : value;
    if (name === "className") props.className = String(plain);
    else if (SAME_NAME.has(name)) props[name] = plain;
    else if (/^(data|aria)[A-Z]/.test(name)) props[attributeName(name)] = plain;
    else return undefined;
  }
  return props;
}

/** dataFootnoteRef → data-footnote-ref, ariaDescribedBy → aria-describedby (hast's names, property-information's rule). */
function attributeName(name: string): string {
  if (name.startsWith("aria")) return `aria-${name.slice(4).toLowerCase()}`;
  return `data${name.slice(4).replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

/** `<tag {...{...props, dangerouslySetInnerHTML: {__html}}} />` as MDX JSX with its estree. */
function asHtml(el: Element, props = reactProps(el) ?? {}): MdxJsxFlowElement {
  const inner: Root = { type: "root", children: structuredClone(el.children) };
  if (TABLE_PARTS.has(el.tagName)) inner.children = inner.children.filter((c) => c.type !== "text" || c.value.trim() !== "");
  // Written as React would have: a table cell's `align` as text-align (hast-util-to-estree's
  // tableCellAlignToStyle), a true data-/aria- attribute as "true" (a boolean one, like
  // `disabled`, stays bare: the same to a browser as React's `disabled=""`).
  visit(inner, "element", (node: Element) => {
    if ((node.tagName === "td" || node.tagName === "th") && typeof node.properties.align === "string") {
      node.properties.style = `text-align:${node.properties.align}`;
      delete node.properties.align;
    }
    if (TABLE_PARTS.has(node.tagName)) node.children = node.children.filter((c) => c.type !== "text" || c.value.trim() !== "");
    for (const [name, value] of Object.entries(node.properties)) {
      if (value === true && /^(data|aria)[A-Z]/.test(name)) node.properties[name] = "true";
    }
  });
  const html = toHtml(inner, { closeSelfClosing: true, tightSelfClosing: true });
  const literal = (value: string | number | boolean) => ({ type: "Literal" as const, value });
  const property = (key: string, value: ReturnType<typeof literal> | { type: "ObjectExpression"; properties: unknown[] }) => ({
    type: "Property" as const,
    key: literal(key),
    value,
    kind: "init" as const,
    method: false,
    shorthand: false,
    computed: false,
  });
  const spread = {
    type: "ObjectExpression" as const,
    properties: [
      ...Object.entries(props).map(([k, v]) => property(k, literal(v))),
      property("dangerouslySetInnerHTML", { type: "ObjectExpression", properties: [property("__html", literal(html))] }),
    ],
  };
  const estree = {
    type: "Program",
    sourceType: "module",
    body: [{ type: "ExpressionStatement", expression: { type: "ObjectExpression", properties: [{ type: "SpreadElement", argument: spread }] } }],
  } as unknown as Program;
  return {
    type: "mdxJsxFlowElement",
    name: el.tagName,
    attributes: [{ type: "mdxJsxExpressionAttribute", value: "", data: { estree } }],
    children: [],
  };
}
