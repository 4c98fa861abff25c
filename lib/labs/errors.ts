import type { ErrorKind, Grade } from "./types";

/**
 * Thrown by lab code when a run cannot be graded (the system did not start, the sandbox hit
 * a limit...). The runner turns it into an `error` Grade, which never counts as an attempt.
 */
export class LabRunError extends Error {
  constructor(
    readonly errorKind: ErrorKind,
    message: string,
    readonly hint?: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "LabRunError";
  }

  toGrade(): Grade {
    return {
      verdict: "error",
      errorKind: this.errorKind,
      diagnosis: this.message,
      hint: this.hint,
      details: this.details,
    };
  }
}

/** Thrown for a caller's mistake (unknown lab or task), not for anything a student did. */
export class LabNotFoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "LabNotFoundError";
  }
}

/**
 * Thrown by lab code when the student's work is graded as failed before the run could finish
 * (their code did not compile, threw, returned nonsense). The runner turns it into a `fail`.
 */
export class LabFailure extends Error {
  constructor(
    message: string,
    readonly hint?: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "LabFailure";
  }

  toGrade(): Grade {
    return { verdict: "fail", diagnosis: this.message, hint: this.hint, details: this.details };
  }
}

/** Raised when ctx.signal fires; the runner reports why (time limit or cancellation). */
export class RunAborted extends Error {
  constructor() {
    super("The run was stopped before it finished.");
    this.name = "RunAborted";
  }
}

export function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw new RunAborted();
}
