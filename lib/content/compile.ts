import { bundleMDX } from "mdx-bundler";
import rehypeKatex from "rehype-katex";
import type { PluggableList } from "unified";
import { rehypeHighlight } from "./highlight";
import { structurePlugins, syntaxPlugins } from "./parse";
import { remarkAdmonitions } from "./remark/directives";
import { remarkDiagrams } from "./remark/diagrams";
import { remarkFigures } from "./remark/figures";
import { remarkMissingFootnotes } from "./remark/footnotes";
import { rehypeStaticHtml } from "./rehype/static-html";
import { rehypeTaskListLabels } from "./rehype/task-list-labels";

const remarkPlugins: PluggableList = [
  ...syntaxPlugins,
  ...structurePlugins,
  remarkAdmonitions,
  remarkMissingFootnotes,
  remarkFigures,
  remarkDiagrams,
];

// Task-list labels first, while math is still its source text rather than KaTeX's markup.
// throwOnError false: a bad formula renders as KaTeX's red error text; the check reports it.
// Static HTML last, once every element is final.
const rehypePlugins: PluggableList = [
  rehypeTaskListLabels,
  [rehypeKatex, { throwOnError: false, strict: "ignore" }],
  [rehypeHighlight, { tokenClasses: true }],
  rehypeStaticHtml,
];

/**
 * Compiles one chapter's MDX to an mdx-bundler code string (for getMDXComponent).
 * `staticHtml: false` leaves static subtrees as elements (the plugin's test compares both).
 */
export async function compileMdx(source: string, cwd: string, { staticHtml = true } = {}): Promise<string> {
  const result = await bundleMDX({
    source,
    cwd,
    mdxOptions(options) {
      options.remarkPlugins = [...(options.remarkPlugins ?? []), ...remarkPlugins];
      options.rehypePlugins = [...(options.rehypePlugins ?? []), ...(staticHtml ? rehypePlugins : rehypePlugins.filter((p) => p !== rehypeStaticHtml))];
      return options;
    },
  });
  return result.code;
}
