import { readFile } from "node:fs/promises";
import { HistoryFormatError } from "./errors";
import { parseJepsenEdn } from "./jepsen-edn";
import { parseJepsenLog } from "./jepsen-log";
import { parseJsonHistory } from "./json-history";
import type { History } from "./types";

export type HistoryFormat = "json" | "jepsen-log" | "edn";

/** Guesses the format from the first meaningful line. */
export function detectHistoryFormat(text: string): HistoryFormat {
  const first =
    text
      .split(/\r?\n/)
      .find((line) => line.trim() !== "")
      ?.trim() ?? "";
  if (first.startsWith("[")) return "json";
  if (first.startsWith("{:") || first.startsWith(";")) return "edn";
  if (/jepsen\.util/.test(text)) return "jepsen-log";
  throw new HistoryFormatError(
    "unrecognised history format: expected a JSON array of operations, Jepsen EDN lines " +
      '({:process 0, :type :invoke, ...}) or a Jepsen log ("INFO jepsen.util - 0 :invoke :read nil")',
  );
}

export function parseHistory(
  text: string,
  format: HistoryFormat = detectHistoryFormat(text),
): History {
  switch (format) {
    case "json":
      return parseJsonHistory(text);
    case "edn":
      return parseJepsenEdn(text);
    case "jepsen-log":
      return parseJepsenLog(text);
  }
}

export async function readHistoryFile(path: string, format?: HistoryFormat): Promise<History> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    throw new HistoryFormatError(
      `cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
    );
  }
  if (text.trim() === "")
    throw new HistoryFormatError(`${path} is empty: a history needs at least one operation`);
  const history = parseHistory(text, format);
  if (history.length === 0)
    throw new HistoryFormatError(
      `${path} holds no operations in the ${format ?? detectHistoryFormat(text)} format`,
    );
  return history;
}
