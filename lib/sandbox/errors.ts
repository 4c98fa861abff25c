import { LabFailure, LabRunError } from "@/lib/labs/errors";
import { boundText, STUDENT_TEXT_LIMIT } from "./bounded-text";

export type SandboxLimit = "memory" | "time";

/** The student's code hit a resource limit: an `error` grade (sandbox-limit), not a failed attempt. */
export class SandboxLimitError extends LabRunError {
  constructor(
    readonly limit: SandboxLimit,
    message: string,
  ) {
    super(
      "sandbox-limit",
      message,
      limit === "memory"
        ? "Your function allocates too much memory; keep only a few numbers in its state."
        : "Your function runs too long; look for a loop that never ends.",
      { limit },
    );
    this.name = "SandboxLimitError";
  }
}

/** The student's code did not compile, threw, or returned the wrong thing: a `fail` grade. */
export class SandboxCodeError extends LabFailure {
  constructor(
    readonly stage: "compile" | "load" | "runtime" | "result",
    message: string,
    readonly line?: number,
    hint?: string,
  ) {
    // Last guard: whatever student text a message carries, it stays a few KB.
    super(boundText(message, STUDENT_TEXT_LIMIT + 512), hint, { stage, line });
    this.name = "SandboxCodeError";
  }
}
