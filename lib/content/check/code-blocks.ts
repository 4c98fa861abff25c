import { createHash } from "node:crypto";
import type { Code } from "mdast";
import { oneLine, type ContentProblem } from "../problems";
import {
  parseJson,
  parsePythonBatch,
  parseScript,
  parseSql,
  parseYaml,
  type BlockError,
} from "./code-parsers";
import { parseD2, parseMermaid } from "./diagrams";

type Checker = (code: string) => Promise<BlockError | null>;

const CHECKERS: Record<string, { name: string; check: Checker | "python" }> = {
  ts: { name: "TypeScript", check: (c) => parseScript(c, "ts") },
  typescript: { name: "TypeScript", check: (c) => parseScript(c, "ts") },
  tsx: { name: "TSX", check: (c) => parseScript(c, "tsx") },
  js: { name: "JavaScript", check: (c) => parseScript(c, "js") },
  javascript: { name: "JavaScript", check: (c) => parseScript(c, "js") },
  mjs: { name: "JavaScript", check: (c) => parseScript(c, "js") },
  jsx: { name: "JSX", check: (c) => parseScript(c, "jsx") },
  json: { name: "JSON", check: async (c) => parseJson(c) },
  yaml: { name: "YAML", check: async (c) => parseYaml(c) },
  yml: { name: "YAML", check: async (c) => parseYaml(c) },
  sql: { name: "SQL", check: parseSql },
  python: { name: "Python", check: "python" },
  py: { name: "Python", check: "python" },
  mermaid: { name: "mermaid", check: parseMermaid },
  d2: { name: "D2", check: parseD2 },
};

/** Parse results by language + source hash: unchanged blocks are not re-parsed on every request. */
const results = new Map<string, BlockError | null>();
const keyOf = (lang: string, code: string) =>
  `${lang}\0${createHash("sha256").update(code).digest("hex")}`;

export async function checkCodeBlocks(blocks: Code[], file: string): Promise<ContentProblem[]> {
  const problems: ContentProblem[] = [];
  const report = (node: Code, lang: string, err: BlockError) => {
    const start = node.position?.start ?? { line: 1, column: 1 };
    const spec = CHECKERS[lang]!;
    const kind = lang === "mermaid" ? "mermaid" : lang === "d2" ? "d2" : "code";
    const what =
      kind === "code"
        ? `${spec.name} code block does not parse`
        : `${spec.name} diagram does not parse`;
    problems.push({
      file,
      // Content starts on the line after the opening fence.
      line: start.line + err.line,
      column: err.column + start.column - 1,
      message: oneLine(`${what}: ${err.message}`),
      kind,
    });
  };

  const python: { node: Code; key: string }[] = [];
  for (const node of blocks) {
    const lang = (node.lang ?? "").toLowerCase();
    const spec = CHECKERS[lang];
    if (!spec) continue;
    const key = keyOf(lang, node.value);
    if (results.has(key)) {
      const err = results.get(key);
      if (err) report(node, lang, err);
      continue;
    }
    if (spec.check === "python") {
      python.push({ node, key });
      continue;
    }
    const err = await spec.check(node.value);
    results.set(key, err);
    if (err) report(node, lang, err);
  }
  const pyErrors = await parsePythonBatch(python.map((p) => p.node.value));
  python.forEach((p, i) => {
    const err = pyErrors[i] ?? null;
    results.set(p.key, err);
    if (err) report(p.node, "python", err);
  });
  return problems;
}
