import { access } from "node:fs/promises";
import path from "node:path";
import type { Code, Image, Link, Definition, Root, Text } from "mdast";
import type { InlineMath, Math } from "mdast-util-math";
import type { MdxJsxFlowElement, MdxJsxTextElement } from "mdast-util-mdx-jsx";
import { slug as baseSlug } from "github-slugger";
import { toString } from "mdast-util-to-string";
import { visit } from "unist-util-visit";
import type { ChapterEntry } from "../entries";
import { publicDir } from "../paths";
import type { ContentProblem, ProblemKind } from "../problems";
import { ADMONITION_KINDS, isAdmonitionKind } from "../remark/directives";
import { MISSING_FOOTNOTE_RE } from "../remark/footnotes";
import { checkCodeBlocks } from "./code-blocks";
import { headingLevelProblems, type HeadingAt } from "./heading-levels";
import { checkLinkTarget } from "./links";
import { checkMath } from "./math";
import { literalValue, timelineProblems } from "../timeline";

export interface CheckContext {
  /** All chapters (for links, anchors and unique order). */
  entries: ChapterEntry[];
  knownLabs: Set<string>;
}

type Point = { line: number; column: number };

/** Every authoring problem in one chapter, with the line and column an editor can jump to. */
export async function checkChapter(
  entry: ChapterEntry,
  ctx: CheckContext,
): Promise<ContentProblem[]> {
  const file = entry.displayFile;
  const problems: ContentProblem[] = [];
  const add = (kind: ProblemKind, at: Point | undefined, message: string) =>
    problems.push({ file, line: at?.line ?? 1, column: at?.column ?? 1, message, kind });

  if (!entry.slug) {
    add(
      "file-name",
      undefined,
      `chapter file name must look like NN-slug.mdx (digits, dash, lowercase words joined by dashes), got "${path.basename(entry.file)}"`,
    );
  }
  problems.push(...entry.frontMatter.problems);
  if (entry.frontMatter.ok) {
    const fm = entry.frontMatter.data;
    for (const lab of fm.labs) {
      if (!ctx.knownLabs.has(lab)) add("lab", frontMatterLine(entry.source, lab), unknownLab(lab));
    }
    const sameOrder = ctx.entries.filter(
      (e) => e !== entry && e.frontMatter.ok && e.frontMatter.data.order === fm.order,
    );
    if (sameOrder.length > 0) {
      add(
        "front-matter",
        frontMatterLine(entry.source, "order:"),
        `front matter "order": ${fm.order} is also used by ${sameOrder.map((e) => e.displayFile).join(", ")}; orders must be unique`,
      );
    }
  }
  if (entry.parseError || !entry.tree) {
    if (entry.parseError) problems.push(entry.parseError);
    return problems;
  }
  const tree: Root = entry.tree;

  const references = new Set<string>();
  const definitions: { id: string; at?: Point }[] = [];
  const seenSlugs = new Map<string, number>();
  const links: (Link | Definition)[] = [];
  const images: Image[] = [];
  const codes: Code[] = [];
  const maths: (Math | InlineMath)[] = [];
  const headings: HeadingAt[] = [];

  visit(tree, (node) => {
    switch (node.type) {
      case "text":
        missingFootnotes(node, (id, at) =>
          add(
            "footnote-missing",
            at,
            `footnote [^${id}] has no definition: add a line "[^${id}]: …"`,
          ),
        );
        break;
      case "footnoteReference":
        references.add(node.identifier);
        break;
      case "footnoteDefinition":
        definitions.push({ id: node.identifier, at: node.position?.start });
        break;
      case "heading": {
        const base = baseSlug(toString(node));
        headings.push({ depth: node.data?.level ?? node.depth, text: toString(node), at: node.position?.start });
        const firstLine = seenSlugs.get(base);
        if (firstLine !== undefined) {
          add(
            "heading-duplicate",
            node.position?.start,
            `duplicate heading anchor "#${base}" (first at line ${firstLine}): rename one heading so links stay unambiguous`,
          );
        } else {
          seenSlugs.set(base, node.position?.start.line ?? 0);
        }
        break;
      }
      case "link":
      case "definition":
        links.push(node);
        break;
      case "image":
        images.push(node);
        break;
      case "code":
        codes.push(node);
        break;
      case "math":
      case "inlineMath":
        maths.push(node);
        break;
      case "mdxJsxFlowElement":
      case "mdxJsxTextElement":
        checkLabElement(node, ctx.knownLabs, (at, msg) => add("lab", at, msg));
        checkTimelineElement(node, (at, msg) => add("timeline", at, msg));
        break;
      case "containerDirective":
        if (!isAdmonitionKind(node.name)) {
          add(
            "directive",
            node.position?.start,
            `unknown admonition ":::${node.name}" (use one of: ${ADMONITION_KINDS.join(", ")})`,
          );
        }
        break;
    }
  });

  const title = entry.frontMatter.ok ? entry.frontMatter.data.title : null;
  for (const p of headingLevelProblems(headings, title)) add("heading-level", p.at, p.message);
  for (const def of definitions) {
    if (!references.has(def.id))
      add("footnote-unused", def.at, `footnote [^${def.id}] is defined but never referenced`);
  }
  for (const link of links) {
    const msg = checkLinkTarget(link.url, entry, ctx.entries);
    if (msg) add("link", link.position?.start, msg);
  }
  for (const image of images) {
    if (!image.alt?.trim())
      add(
        "image",
        image.position?.start,
        `image "${image.url}" has no alt text: write ![what the image shows](${image.url})`,
      );
    const msg = await checkImageFile(image.url);
    if (msg) add("image", image.position?.start, msg);
  }
  problems.push(...checkMath(maths, file));
  problems.push(...(await checkCodeBlocks(codes, file)));
  return problems;
}

/** `<Timeline ops={[…]} />`: the ops must be a literal the page can draw (lib/content/timeline.ts). */
function checkTimelineElement(node: MdxJsxFlowElement | MdxJsxTextElement, report: (at: Point | undefined, msg: string) => void) {
  if (node.name !== "Timeline") return;
  const props: Record<string, unknown> = {};
  for (const attr of node.attributes) {
    if (attr.type !== "mdxJsxAttribute") {
      report(node.position?.start, "<Timeline> takes only named props: ops={[…]} and caption=\"…\"");
      return;
    }
    if (typeof attr.value === "string" || attr.value === null || attr.value === undefined) {
      props[attr.name] = attr.value ?? true;
      continue;
    }
    const program = attr.value.data?.estree as { body: { expression?: Parameters<typeof literalValue>[0] }[] } | undefined;
    const expression = program?.body[0]?.expression;
    try {
      if (!expression) throw new Error("an empty expression");
      props[attr.name] = literalValue(expression);
    } catch (err) {
      report(attr.position?.start ?? node.position?.start, `<Timeline> ${attr.name}: ${(err as Error).message}`);
      return;
    }
  }
  for (const problem of timelineProblems(props)) report(node.position?.start, `<Timeline> ${problem}`);
}

const unknownLab = (id: string) =>
  `unknown lab id "${id}": create it with \`npm run new:lab -- ${id}\`, or use an id listed in lib/catalogue/planned-labs.ts`;

function frontMatterLine(source: string, needle: string): Point {
  const lines = source.split("\n");
  const end = lines.findIndex((l, i) => i > 0 && /^---\s*$/.test(l));
  for (let i = 1; i < (end < 0 ? lines.length : end); i++) {
    const col = lines[i]!.indexOf(needle);
    if (col >= 0) return { line: i + 1, column: col + 1 };
  }
  return { line: 1, column: 1 };
}

function missingFootnotes(node: Text, report: (id: string, at: Point) => void) {
  const start = node.position?.start;
  if (!start || !node.value.includes("[^")) return;
  for (const m of node.value.matchAll(MISSING_FOOTNOTE_RE)) {
    const before = node.value.slice(0, m.index);
    const nl = before.split("\n").length - 1;
    const column = nl === 0 ? start.column + m.index : m.index - before.lastIndexOf("\n");
    report(m[1]!, { line: start.line + nl, column });
  }
}

function checkLabElement(
  node: MdxJsxFlowElement | MdxJsxTextElement,
  known: Set<string>,
  report: (at: Point | undefined, msg: string) => void,
) {
  if (node.name !== "Lab") return;
  const idAttr = node.attributes.find((a) => a.type === "mdxJsxAttribute" && a.name === "id");
  if (!idAttr || typeof idAttr.value !== "string") {
    report(node.position?.start, `<Lab> needs a literal id, e.g. <Lab id="token-bucket" />`);
    return;
  }
  if (!known.has(idAttr.value)) report(node.position?.start, unknownLab(idAttr.value));
}

async function checkImageFile(url: string): Promise<string | null> {
  if (/^[a-z]+:/i.test(url) || url.startsWith("//")) {
    return `image "${url}" is remote: put the file in public/images/ and link /images/<file>`;
  }
  if (!url.startsWith("/"))
    return `image "${url}" must be an absolute path like /images/<file> (files live in public/images/)`;
  const file = path.join(publicDir(), decodeURIComponent(url.split(/[?#]/)[0] ?? ""));
  try {
    await access(file);
    return null;
  } catch {
    return `missing image "${url}": no file public${url}`;
  }
}
