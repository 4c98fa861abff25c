import type { Root } from "mdast";
import remarkDirective from "remark-directive";
import remarkFrontmatter from "remark-frontmatter";
import remarkGfm from "remark-gfm";
import remarkMath from "remark-math";
import remarkMdx from "remark-mdx";
import remarkParse from "remark-parse";
import { unified, type PluggableList } from "unified";
import { remarkDeepHeadings } from "./remark/deep-headings";
import { remarkHeadingIds } from "./remark/heading-ids";
import { remarkRestoreStrayDirectives } from "./remark/directives";

/** Syntax extensions shared by the check's parse and the mdx-bundler compile (mdx-bundler adds MDX and front matter itself). */
export const syntaxPlugins: PluggableList = [remarkGfm, remarkMath, remarkDirective];

/** Tree transforms that the check needs to see too (heading levels and ids). */
export const structurePlugins: PluggableList = [remarkRestoreStrayDirectives, remarkDeepHeadings, remarkHeadingIds];

const processor = unified()
  .use(remarkParse)
  .use(remarkMdx)
  .use(remarkFrontmatter, ["yaml"])
  .use(syntaxPlugins)
  .use(structurePlugins);

/** Parses a chapter to mdast with positions; throws a VFileMessage (with line/column) on MDX syntax errors. */
export function parseChapter(source: string): Root {
  const tree = processor.parse(source);
  return processor.runSync(tree) as Root;
}
