import { createElement, type ReactNode } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { getMDXComponent } from "mdx-bundler/client";

/** Minimal stand-ins for the UI's required components, rendering what the contract describes. */
const components = {
  Lab: ({ id, task }: { id: string; task?: string }) => createElement("div", { "data-lab": id, "data-task": task }),
  Timeline: ({ ops }: { ops: unknown[] }) => createElement("figure", { "data-timeline": ops.length }),
  Admonition: ({ kind, title, children }: { kind: string; title?: string; children?: ReactNode }) =>
    createElement("aside", { className: `admonition admonition-${kind}`, role: "note" }, createElement("p", { className: "admonition-title" }, title ?? kind), children),
};

export function renderChapterCode(code: string): string {
  const Component = getMDXComponent(code);
  return renderToStaticMarkup(createElement(Component, { components }));
}
