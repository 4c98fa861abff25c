import { z } from "zod";
import { HistoryFormatError } from "./errors";
import type { History } from "./types";

const historyOp = z.object({
  process: z.number().int(),
  type: z.enum(["invoke", "ok", "fail", "info"]),
  f: z.string().min(1),
  key: z.string().optional(),
  value: z.unknown().optional(),
  time: z.number().optional(),
  node: z.string().optional(),
  error: z.string().optional(),
});

/** Parses our own JSON format: an array of HistoryOp (see ./types). */
export function parseJsonHistory(text: string): History {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new HistoryFormatError(`not valid JSON: ${(err as Error).message}`);
  }
  if (!Array.isArray(raw)) {
    throw new HistoryFormatError(
      "a JSON history must be an array of operations like " +
        '{"process":0,"type":"invoke","f":"write","value":1}',
    );
  }
  return raw.map((entry, i) => {
    const parsed = historyOp.safeParse(entry);
    if (!parsed.success) {
      const issues = parsed.error.issues.map(
        (issue) => `${issue.path.join(".") || "entry"}: ${issue.message}`,
      );
      throw new HistoryFormatError(`operation ${i}: ${issues.join("; ")}`);
    }
    return parsed.data;
  });
}
