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

/** rehype plugin: build-time highlighting with light and dark themes (dark colours in `--shiki-dark`). */
export function rehypeHighlight() {
  return async (tree: Root) => {
    const hl = await getHighlighter();
    const transform = rehypeShikiFromHighlighter(hl, {
      themes: SHIKI_THEMES,
      defaultColor: "light",
      fallbackLanguage: "text",
      defaultLanguage: "text",
      parseMetaString: (meta) => parseFenceMeta(meta),
      transformers: [codeBlockData],
    });
    await transform(tree, undefined as never, () => undefined);
  };
}
