import type { z } from "zod";

/** Zod issues as sentences a student can act on: "capacity: Too small: expected number to be >=1". */
export function describeInvalidAnswer(error: z.ZodError): string {
  const lines = error.issues.map((issue) => {
    const where = issue.path.length ? issue.path.join(".") : "the answer";
    return `${where}: ${issue.message}`;
  });
  return `Your answer is not valid. ${lines.join("; ")}.`;
}
