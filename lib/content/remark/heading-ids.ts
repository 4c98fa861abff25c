import type { Root } from "mdast";
import GithubSlugger from "github-slugger";
import { toString } from "mdast-util-to-string";
import { visit } from "unist-util-visit";

/** Every heading gets a GitHub-style slug id (deduplicated with -1, -2 like GitHub). */
export function remarkHeadingIds() {
  return (tree: Root) => {
    const slugger = new GithubSlugger();
    visit(tree, "heading", (node) => {
      const id = slugger.slug(toString(node));
      node.data = { ...node.data, id, hProperties: { ...node.data?.hProperties, id } };
    });
  };
}
