import { boundText } from "./bounded-text";
import { COMPILED_NAME } from "./compile";
import { SandboxCodeError, SandboxLimitError } from "./errors";
import type { ThrownText } from "./shim";

export type Stage = "load" | "runtime" | "result";

export interface ClassifyContext {
  /** Name of the exported function, for "f() returned …". */
  fn?: string;
  memoryLimitBytes: number;
  /** True when the engine's memory is used up: then whatever it threw (even null) is the memory limit. */
  memoryExhausted?: () => boolean;
  /** Maps a line:column of the compiled JS to the student's TypeScript line. */
  originalLine(line: number, column: number): number | undefined;
}

const FRAME = new RegExp(`${COMPILED_NAME.replace(".", "\\.")}:(\\d+)(?::(\\d+))?`);

/** First stack frame inside the student's file, mapped back to their TypeScript line. */
export function studentLine(ctx: ClassifyContext, stack: string | undefined): number | undefined {
  const match = stack && FRAME.exec(stack);
  if (!match) return undefined;
  return ctx.originalLine(Number(match[1]), Number(match[2] ?? 1));
}

export function memoryLimit(ctx: ClassifyContext): SandboxLimitError {
  return new SandboxLimitError(
    "memory",
    `Your code used more than ${Math.round(ctx.memoryLimitBytes / 1024 / 1024)} MiB of memory and was stopped.`,
  );
}

export function recursedTooDeeply(line: number | undefined, stage: Stage = "runtime") {
  const where = line ? ` (line ${line})` : "";
  return new SandboxCodeError(
    stage,
    `Your code recursed too deeply${where}: a function kept calling itself until the stack ran out.`,
    line,
    "A function calls itself without end (or far too deep); add a base case, or use a loop.",
  );
}

/**
 * What the student's code threw, as a limit error (the engine ran out of memory) or as their
 * own error with their line. Every piece of their text is cut (bounded-text.ts).
 */
export function classifyThrown(ctx: ClassifyContext, thrown: ThrownText, stage: Stage) {
  const { name, message } = thrown;
  const line = studentLine(ctx, thrown.stack);
  if ((name === "InternalError" && (message === "out of memory" || message === "string too long")) || ctx.memoryExhausted?.())
    return memoryLimit(ctx);
  if (name === "InternalError" && message === "stack overflow")
    return recursedTooDeeply(line, stage);

  const where = line ? ` (line ${line})` : "";
  const text =
    message !== undefined
      ? boundText(message, undefined, thrown.length)
      : thrown.kind === "object" || thrown.kind === "function"
        ? `a thrown ${thrown.kind} with no message`
        : "";
  const what = name && name !== "Error" ? `${boundText(name, 100)}: ${text}` : text;
  const prefix =
    stage === "load"
      ? "Your code failed while loading"
      : stage === "result"
        ? `${ctx.fn ?? "Your function"}() returned a value that cannot be turned into JSON`
        : "Your code threw an error";
  return new SandboxCodeError(
    stage,
    `${prefix}${where}: ${what}`,
    line,
    "Read the message and the line it points to.",
  );
}
