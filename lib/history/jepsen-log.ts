import { parseEDNString } from "edn-data";
import { HistoryFormatError } from "./errors";
import type { History, HistoryOp, OpType } from "./types";

// Jepsen's console log: "INFO  jepsen.util - <process>\t:<type>\t:<f>\t<edn value>".
// Tabs or runs of spaces both occur in recorded files.
const LINE = /^\S+\s+jepsen\.util\s+-\s+(\d+)\s+:(invoke|ok|fail|info)\s+:([\w-]+)\s+(.*?)\s*$/;

/**
 * Parses a Jepsen log (as in Porcupine's etcd test data) into a history. Lines that are not
 * client operations are ignored, as Jepsen logs interleave them with other output.
 */
export function parseJepsenLog(text: string): History {
  const history: History = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((line, i) => {
    const m = LINE.exec(line);
    if (!m) return;
    const [, process, type, f, valueText] = m as unknown as [
      string,
      string,
      OpType,
      string,
      string,
    ];
    const op: HistoryOp = { process: Number(process), type, f };
    if (valueText.startsWith(":") && type !== "invoke" && type !== "ok") {
      // e.g. ":fail :read :timed-out": the value slot carries the reason, not a value.
      op.error = valueText.slice(1);
    } else if (valueText !== "") {
      op.value = parseValue(valueText, i + 1);
    }
    history.push(op);
  });
  return history;
}

function parseValue(text: string, lineNumber: number): unknown {
  try {
    return parseEDNString(text, { mapAs: "object", keywordAs: "string", listAs: "array" });
  } catch (err) {
    throw new HistoryFormatError(
      `line ${lineNumber}: cannot read the value ${JSON.stringify(text)} (${(err as Error).message}); ` +
        "expected nil, a number, a string or a vector like [4 0]",
    );
  }
}
