import { TraceMap, originalPositionFor } from "@jridgewell/trace-mapping";
import { transform, type Message } from "esbuild";
import { SandboxCodeError } from "./errors";

export const SOURCE_NAME = "solution.ts";
export const COMPILED_NAME = "solution.js";
/** The compiled module is a script assigning the student's exports to this global. */
export const EXPORTS_GLOBAL = "__solution";

export interface CompiledCode {
  js: string;
  /** Maps a line of the compiled JS back to the student's line. */
  originalLine(line: number, column: number): number | undefined;
}

function describe(message: Message): string {
  const where = message.location ? `line ${message.location.line}: ` : "";
  return `${where}${message.text}`;
}

/**
 * Strips TypeScript types with esbuild (no type checking: students get runtime errors, not
 * compiler lectures) and wraps ESM exports into a script QuickJS can evaluate.
 */
export async function compileStudentCode(code: string): Promise<CompiledCode> {
  if (code.length > 50_000)
    throw new SandboxCodeError(
      "compile",
      "Your code is longer than 50,000 characters; a few dozen lines are enough.",
    );
  try {
    const out = await transform(code, {
      loader: "ts",
      format: "iife",
      globalName: EXPORTS_GLOBAL,
      target: "es2020",
      sourcemap: "external",
      sourcefile: SOURCE_NAME,
      logLevel: "silent",
    });
    const map = new TraceMap(out.map);
    return {
      js: out.code,
      originalLine: (line, column) =>
        originalPositionFor(map, { line, column: Math.max(0, column - 1) }).line ?? undefined,
    };
  } catch (err) {
    const errors = (err as { errors?: Message[] }).errors ?? [];
    const first = errors[0];
    const text = errors.length ? errors.map(describe).join("; ") : (err as Error).message;
    throw new SandboxCodeError(
      "compile",
      `Your code does not compile: ${text}`,
      first?.location?.line,
      "Fix the syntax error on that line.",
    );
  }
}
