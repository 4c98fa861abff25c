/**
 * The agreement between the compiled chapters (lib/content) and the reading UI (components/reading).
 * Names and prop types only: the UI implements them and passes them to getMDXComponent's
 * `components` prop.
 *
 * Components the compiled code references, which the UI MUST supply: `Lab` (authors write
 * `<Lab id="…" task="…" />`) and `Admonition` (each `:::kind[Title]` block compiles to
 * `<Admonition kind="…" title="…">body</Admonition>`; render `<aside class="admonition
 * admonition-<kind>" role="note">`).
 * Everything else compiles to plain HTML that renders correctly with no component at all; the UI
 * may override these HTML tags (MDX maps them to `components.pre`, `components.figure`, …):
 *
 * - CodeBlock → shiki's `<pre class="shiki shiki-themes github-light-default github-dark-default" data-language="ts"
 *   data-title="limiter.ts"?>`; light colours inline, dark ones in `--shiki-dark` / `--shiki-dark-bg`
 *   CSS variables (override key `pre`; copy the `<code>` element's textContent).
 * - Mermaid → `<pre class="mermaid">source</pre>` (override key `pre`, check className) for a
 *   lazy client-side render.
 * - D2 → `<figure class="d2-diagram" data-d2="<hash>"><svg>…</svg></figure>` (already SVG;
 *   `d2-error` class plus a `<pre>` message when the source is broken, dev only).
 * - Figure → `<figure><img alt src><figcaption>Caption</figcaption></figure>` (override key `figure`).
 * - Headings → `<h1>`…`<h6 id>`; depth 7+ is `<h6 id aria-level="7" data-level="7">`
 *   (override keys `h1`…`h6` to add the anchor link and "copy link" button).
 * - Missing footnote → `<span class="footnote-missing" data-footnote="id">[missing footnote: id]</span>`.
 * - Math → KaTeX HTML (the page must load `katex/dist/katex.min.css`).
 *
 * Optional components an author may write, which the UI supplies too: `Timeline`
 * (`<Timeline ops={[{ process: 1, f: "write", value: 1, start: 0, end: 10 }]} caption="…" />`,
 * props in ./timeline.ts, checked by content:check as a literal).
 */
import type { ComponentType, ReactNode } from "react";
import type { AdmonitionKind } from "./remark/directives";

export type { AdmonitionKind } from "./remark/directives";
export { ADMONITION_KINDS } from "./remark/directives";

export interface LabProps {
  /** A lab id: a folder in labs/ or an id in lib/catalogue/planned-labs.ts (checked by content:check). */
  id: string;
  /** Optional task id inside the lab to open first. */
  task?: string;
}

export interface AdmonitionProps {
  kind: AdmonitionKind;
  title?: string;
  children?: ReactNode;
}

export interface MermaidProps {
  chart: string;
}

export interface FigureProps {
  src: string;
  alt: string;
  caption?: string;
}

export interface CodeBlockProps {
  language?: string;
  title?: string;
  children?: ReactNode;
}

/** Component names the compiled MDX code references: the UI must supply all of them. */
export const MDX_COMPONENT_NAMES = ["Lab", "Admonition"] as const;

export interface RequiredChapterComponents {
  Lab: ComponentType<LabProps>;
  Admonition: ComponentType<AdmonitionProps>;
}
