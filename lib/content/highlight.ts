import rehypeShikiFromHighlighter from "@shikijs/rehype/core";
import { createHighlighter, type HighlighterGeneric, type ShikiTransformer } from "shiki";
import type { Root } from "hast";

/** Languages loaded up front; anything else is shown as plain text (the check still parses it). */
export const HIGHLIGHT_LANGS = [
  "ts",
  "tsx",
  "js",
  "jsx",
  "json",
  "python",
  "yaml",
  "sql",
  "bash",
  "shell",
  "go",
  "diff",
  "text",
  "html",
  "css",
] as const;

/**
 * GitHub's current ("default") palettes: every token colour meets WCAG AA (4.5:1) on the theme's
 * own background. The older github-light / github-dark do not — orange and red on white, grey
 * comments on #24292e — and no background fixes white.
 */
export const SHIKI_THEMES = { light: "github-light-default", dark: "github-dark-default" } as const;

let highlighter: Promise<HighlighterGeneric<string, string>> | null = null;

function getHighlighter() {
  highlighter ??= createHighlighter({
    themes: Object.values(SHIKI_THEMES),
    langs: [...HIGHLIGHT_LANGS],
  }) as Promise<HighlighterGeneric<string, string>>;
  return highlighter;
}

/** `title="limiter.ts"` in a fence's meta string. */
export function parseFenceMeta(meta: string | null | undefined): { title?: string } {
  const m = /(?:^|\s)title=(?:"([^"]*)"|'([^']*)'|(\S+))/.exec(meta ?? "");
  const title = m?.[1] ?? m?.[2] ?? m?.[3];
  return title ? { title } : {};
}

/** Puts language and title on the `<pre>` so the UI's CodeBlock can render a header and copy button. */
const codeBlockData: ShikiTransformer = {
  name: "faultline:code-block-data",
  pre(node) {
    node.properties["data-language"] = this.options.lang;
    const title = (this.options.meta as { title?: string } | undefined)?.title;
    if (title) node.properties["data-title"] = title;
  },
};

/**
 * Token colours as classes: each distinct `color:…;--shiki-dark:…` pair becomes one rule in a
 * `<style>` at the end of the chapter, and a token carries `class="shk-N"` instead of the
 * 44-character inline style — which the page also repeats in its RSC payload.
 */
function tokenClasses(classes: Map<string, string>): ShikiTransformer {
  return {
    name: "faultline:token-classes",
    span(node) {
      const style = node.properties.style;
      if (typeof style !== "string" || style === "") return;
      let name = classes.get(style);
      if (!name) {
        name = `shk-${classes.size.toString(36)}`;
        classes.set(style, name);
      }
      delete node.properties.style;
      this.addClassToHast(node, name);
    },
  };
}

/**
 * rehype plugin: build-time highlighting with light and dark themes (dark colours in `--shiki-dark`).
 * `tokenClasses`: token colours as classes plus one `<style>` (chapters); without it they stay
 * inline (task statements, which the runner draws from a tree without stylesheets).
 */
export function rehypeHighlight(options: { tokenClasses?: boolean } = {}) {
  return async (tree: Root) => {
    const hl = await getHighlighter();
    const classes = new Map<string, string>();
    const transform = rehypeShikiFromHighlighter(hl, {
      themes: SHIKI_THEMES,
      defaultColor: "light",
      fallbackLanguage: "text",
      defaultLanguage: "text",
      parseMetaString: (meta) => parseFenceMeta(meta),
      transformers: options.tokenClasses ? [codeBlockData, tokenClasses(classes)] : [codeBlockData],
    });
    await transform(tree, undefined as never, () => undefined);
    if (classes.size > 0) {
      const css = [...classes].map(([style, name]) => `.${name}{${style}}`).join("");
      tree.children.push({ type: "element", tagName: "style", properties: {}, children: [{ type: "text", value: css }] });
    }
  };
}
