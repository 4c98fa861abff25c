import { parseEDNString } from "edn-data";
import { z } from "zod";
import { HistoryFormatError } from "./errors";
import type { History } from "./types";

const ednOp = z.object({
  process: z.number().int(),
  type: z.enum(["invoke", "ok", "fail", "info"]),
  f: z.string(),
  key: z.union([z.string(), z.number()]).optional(),
  value: z.unknown().optional(),
  // Jepsen records nanoseconds since the test started.
  time: z.number().optional(),
  error: z.unknown().optional(),
});

/** Parses a Jepsen EDN history: one `{:process 0, :type :invoke, :f :get, ...}` map per line. */
export function parseJepsenEdn(text: string): History {
  const history: History = [];
  text.split(/\r?\n/).forEach((line, i) => {
    const trimmed = line.trim();
    if (trimmed === "" || trimmed.startsWith(";")) return;
    let raw: unknown;
    try {
      raw = parseEDNString(trimmed, { mapAs: "object", keywordAs: "string", listAs: "array" });
    } catch (err) {
      throw new HistoryFormatError(
        `line ${i + 1}: not an EDN map (${(err as Error).message}): ${trimmed.slice(0, 120)}`,
      );
    }
    const parsed = ednOp.safeParse(raw);
    if (!parsed.success) {
      throw new HistoryFormatError(
        `line ${i + 1}: an operation needs :process (integer), :type (:invoke/:ok/:fail/:info) and :f; ` +
          `${parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ")}`,
      );
    }
    const { process, type, f, key, value, time, error } = parsed.data;
    history.push({
      process,
      type,
      f,
      ...(key === undefined ? {} : { key: String(key) }),
      ...(value === undefined ? {} : { value }),
      ...(time === undefined ? {} : { time: time / 1e6 }),
      ...(error === undefined
        ? {}
        : { error: typeof error === "string" ? error : JSON.stringify(error) }),
    });
  });
  return history;
}
