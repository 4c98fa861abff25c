/**
 * A task statement, drawn from the hast tree the server rendered (lib/catalogue/statement-tree):
 * the same lists, emphasis, links and highlighted code blocks (with a copy button) as chapters,
 * without a Markdown parser in the browser. Only known elements and attributes are drawn.
 */
import { createElement, type CSSProperties, type ReactNode } from "react";
import type { Element, ElementContent, Properties, Root } from "hast";
import { CodeBlock } from "@/components/reading/CodeBlock";
import "@/components/reading/code.css";

const TAGS = new Set([
  "p", "ul", "ol", "li", "em", "strong", "del", "code", "pre", "a", "span", "blockquote",
  "h4", "h5", "h6", "hr", "br", "table", "thead", "tbody", "tr", "th", "td", "input", "sup",
]);
/** shiki's colours (light inline, dark in --shiki-dark*); nothing else may be styled. */
const STYLE = /^(color|background-color|font-style|font-weight|text-decoration|--shiki-[a-z-]+)$/;
const SAFE_HREF = /^(https?:|mailto:|\/|#|[^:]*$)/i;

function styleOf(text: unknown): CSSProperties | undefined {
  if (typeof text !== "string") return undefined;
  const style: Record<string, string> = {};
  for (const decl of text.split(";")) {
    const [name, ...rest] = decl.split(":");
    const prop = name?.trim().toLowerCase() ?? "";
    if (!STYLE.test(prop)) continue;
    style[prop.startsWith("--") ? prop : prop.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())] = rest.join(":").trim();
  }
  return style as CSSProperties;
}

function propsOf(el: Element, key: number): Record<string, unknown> {
  const p: Properties = el.properties ?? {};
  const props: Record<string, unknown> = { key };
  if (Array.isArray(p.className)) props.className = p.className.join(" ");
  if (p.style) props.style = styleOf(p.style);
  if (el.tagName === "a" && typeof p.href === "string" && SAFE_HREF.test(p.href)) props.href = p.href;
  if (el.tagName === "ol" && typeof p.start === "number") props.start = p.start;
  if ((el.tagName === "td" || el.tagName === "th") && typeof p.align === "string") props.style = { textAlign: p.align };
  if (el.tagName === "input") Object.assign(props, { type: "checkbox", checked: Boolean(p.checked), disabled: true, readOnly: true });
  if (el.tagName === "pre") Object.assign(props, { "data-language": p["data-language"], tabIndex: 0 });
  return props;
}

function render(node: ElementContent, key: number): ReactNode {
  if (node.type === "text") return node.value;
  if (node.type !== "element") return null;
  const children = node.children.map(render);
  if (!TAGS.has(node.tagName)) return children; // unknown element: keep its text only
  const props = propsOf(node, key);
  if (node.tagName === "pre") return <CodeBlock {...props}>{children}</CodeBlock>;
  return createElement(node.tagName, props, ...(node.tagName === "input" || node.tagName === "br" || node.tagName === "hr" ? [] : children));
}

/** `tree`: the statement rendered on the server (lib/catalogue/runner-lab). */
export function Statement({ tree }: { tree: Root }) {
  return (
    <div className="lab-statement" data-testid="lab-statement">
      {tree.children.map((n, i) => render(n as ElementContent, i))}
    </div>
  );
}
