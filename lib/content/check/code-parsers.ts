import { spawn } from "node:child_process";
import { parse as parseJsonc, printParseErrorCode, type ParseError } from "jsonc-parser";
import { parseAllDocuments } from "yaml";

/** A syntax error inside one code block; line/column are 1-based within the block. */
export interface BlockError {
  line: number;
  column: number;
  message: string;
}

function lineColAt(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, offset));
  const line = before.split("\n").length;
  return { line, column: offset - before.lastIndexOf("\n") };
}

/** Strict JSON (no comments, no trailing commas) with the error's offset, which JSON.parse lacks on Node 20. */
export function parseJson(code: string): BlockError | null {
  const errors: ParseError[] = [];
  parseJsonc(code, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const e = errors[0];
  if (!e) return null;
  return { ...lineColAt(code, e.offset), message: printParseErrorCode(e.error) };
}

export function parseYaml(code: string): BlockError | null {
  for (const doc of parseAllDocuments(code, { prettyErrors: true })) {
    if (!("errors" in doc)) continue;
    const e = doc.errors[0];
    if (e)
      return {
        line: e.linePos?.[0].line ?? 1,
        column: e.linePos?.[0].col ?? 1,
        message: (e.message.split("\n")[0] ?? e.message).replace(/ at line \d+, column \d+:?$/, ""),
      };
  }
  return null;
}

/** TypeScript's own parser (syntax only, no type check) for ts/tsx/js/jsx. */
export async function parseScript(
  code: string,
  lang: "ts" | "tsx" | "js" | "jsx",
): Promise<BlockError | null> {
  let ts: typeof import("typescript");
  try {
    ts = (await import("typescript")).default;
  } catch {
    // typescript is a dev dependency: a production server without it relies on the build's check.
    return null;
  }
  const kind = {
    ts: ts.ScriptKind.TS,
    tsx: ts.ScriptKind.TSX,
    js: ts.ScriptKind.JS,
    jsx: ts.ScriptKind.JSX,
  }[lang];
  const sf = ts.createSourceFile(`block.${lang}`, code, ts.ScriptTarget.Latest, false, kind);
  // parseDiagnostics is internal but is exactly "the syntax errors", which no public API returns alone.
  const diags =
    (sf as unknown as { parseDiagnostics?: import("typescript").Diagnostic[] }).parseDiagnostics ??
    [];
  const d = diags[0];
  if (!d) return null;
  const pos = sf.getLineAndCharacterOfPosition(d.start ?? 0);
  return {
    line: pos.line + 1,
    column: pos.character + 1,
    message: ts.flattenDiagnosticMessageText(d.messageText, " "),
  };
}

/** PostgreSQL's real parser (libpg-query, WASM): our SQL targets Postgres. */
export async function parseSql(code: string): Promise<BlockError | null> {
  const { parse } = await import("libpg-query");
  try {
    await parse(code);
    return null;
  } catch (err) {
    const e = err as Error & { sqlDetails?: { cursorPosition?: number } };
    const offset = e.sqlDetails?.cursorPosition ?? 0;
    return { ...lineColAt(code, offset), message: e.message };
  }
}

// compile(..., "exec"), not ast.parse: ast.parse accepts `await` inside a plain `def`
// (the seed's bug); compile rejects it with "'await' outside async function".
const PYTHON_CHECKER = `
import json, sys
out = []
for src in json.load(sys.stdin):
    try:
        compile(src, "<block>", "exec", dont_inherit=True)
        out.append(None)
    except SyntaxError as e:
        out.append({"line": e.lineno or 1, "column": e.offset or 1, "message": e.msg})
json.dump(out, sys.stdout)
`;

/** Checks many Python blocks in one python3 process. */
export function parsePythonBatch(blocks: string[]): Promise<(BlockError | null)[]> {
  if (blocks.length === 0) return Promise.resolve([]);
  return new Promise((resolve, reject) => {
    const child = spawn(process.env.FAULTLINE_PYTHON ?? "python3", ["-c", PYTHON_CHECKER], {
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", (err) =>
      reject(new Error(`cannot run python3 to check python code blocks: ${err.message}`)),
    );
    child.on("close", (code) => {
      if (code !== 0)
        return reject(new Error(`python3 checker failed (exit ${code}): ${stderr.trim()}`));
      try {
        resolve(JSON.parse(stdout) as (BlockError | null)[]);
      } catch (err) {
        reject(err instanceof Error ? err : new Error(String(err)));
      }
    });
    child.stdin.end(JSON.stringify(blocks));
  });
}
