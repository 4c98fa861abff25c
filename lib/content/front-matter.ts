import { LineCounter, parseDocument, isMap, isScalar, type Node as YamlNode } from "yaml";
import { z } from "zod";
import type { ContentProblem } from "./problems";

export const frontMatterSchema = z.strictObject({
  title: z.string().trim().min(1, "title must not be empty"),
  summary: z.string().trim().min(1, "summary must not be empty (one sentence)"),
  order: z.number().int("order must be an integer"),
  labs: z.array(z.string().min(1)).default([]),
  draft: z.boolean().default(false),
});

export type FrontMatter = z.infer<typeof frontMatterSchema>;

export interface SplitSource {
  /** YAML between the `---` fences, or null when the file has none. */
  yaml: string | null;
  /** 1-based line of the first YAML line in the file. */
  yamlStartLine: number;
}

const FENCE_RE = /^---[ \t]*\r?\n([\s\S]*?)\r?\n?---[ \t]*(?:\r?\n|$)/;

export function splitFrontMatter(source: string): SplitSource {
  const m = FENCE_RE.exec(source);
  return { yaml: m ? (m[1] ?? "") : null, yamlStartLine: 2 };
}

export type FrontMatterResult =
  | { ok: true; data: FrontMatter; problems: [] }
  | { ok: false; data: null; problems: ContentProblem[] };

/** Parses and validates front matter, pointing every error at the line of the offending key. */
export function parseFrontMatter(source: string, file: string): FrontMatterResult {
  const fail = (line: number, column: number, message: string): ContentProblem => ({
    file,
    line,
    column,
    message,
    kind: "front-matter",
  });
  const { yaml, yamlStartLine } = splitFrontMatter(source);
  if (yaml === null) {
    return {
      ok: false,
      data: null,
      problems: [
        fail(
          1,
          1,
          "missing front matter: start the file with a `---` block holding title, summary and order",
        ),
      ],
    };
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(yaml, { lineCounter, prettyErrors: false });
  const at = (offset: number) => {
    const pos = lineCounter.linePos(offset);
    return { line: pos.line + yamlStartLine - 1, column: pos.col };
  };
  if (doc.errors.length > 0) {
    return {
      ok: false,
      data: null,
      problems: doc.errors.map((e) => {
        const p = at(e.pos[0]);
        return fail(
          p.line,
          p.column,
          `front matter is not valid YAML: ${e.message.split("\n")[0]}`,
        );
      }),
    };
  }
  const parsed = frontMatterSchema.safeParse(doc.toJS() ?? {});
  if (parsed.success) return { ok: true, data: parsed.data, problems: [] };

  const keyNode = (key: string): YamlNode | null => {
    if (!isMap(doc.contents)) return null;
    const pair = doc.contents.items.find((it) => isScalar(it.key) && it.key.value === key);
    return (pair?.key as YamlNode | undefined) ?? null;
  };
  const problems = parsed.error.issues.flatMap((issue): ContentProblem[] => {
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((k) => {
        const node = keyNode(k);
        const p = node?.range ? at(node.range[0]) : { line: 1, column: 1 };
        return fail(
          p.line,
          p.column,
          `unknown front matter key "${k}" (allowed: title, summary, order, labs, draft)`,
        );
      });
    }
    const pathKey = issue.path.map(String);
    const valueNode =
      pathKey.length > 0
        ? (doc.getIn(issue.path as (string | number)[], true) as YamlNode | undefined)
        : undefined;
    const node = valueNode ?? (pathKey[0] ? keyNode(pathKey[0]) : null);
    const p = node?.range ? at(node.range[0]) : { line: 1, column: 1 };
    const where = pathKey.length > 0 ? pathKey.join(".") : "front matter";
    const missing = valueNode === undefined && pathKey.length === 1 && !keyNode(pathKey[0] ?? "");
    return [
      fail(
        p.line,
        p.column,
        missing
          ? `front matter: "${where}" is required`
          : `front matter "${where}": ${issue.message}`,
      ),
    ];
  });
  return { ok: false, data: null, problems };
}
