/**
 * Checks a recorded history for linearizability.
 *   npm run history:check -- --model register|kv [--format json|edn|jepsen-log] [--time-budget-ms N] <file>
 * Prints one JSON object; exits 0 linearizable, 1 not linearizable, 2 unknown or unreadable input.
 */
import { parseArgs } from "node:util";
import { checkLinearizable, type ModelName } from "@/lib/checkers";
import { HistoryFormatError } from "@/lib/history/errors";
import { readHistoryFile, type HistoryFormat } from "@/lib/history/load";

const USAGE =
  "usage: npm run history:check -- --model register|kv [--format json|edn|jepsen-log] [--time-budget-ms N] <file>";
const VERDICTS = { ok: "linearizable", illegal: "not-linearizable", unknown: "unknown" } as const;
const EXIT = { ok: 0, illegal: 1, unknown: 2 } as const;

class UsageError extends Error {}

function readOptions(): { model: ModelName; format?: HistoryFormat; budget: number; file: string } {
  const { values, positionals } = parseArgs({
    options: {
      model: { type: "string" },
      format: { type: "string" },
      "time-budget-ms": { type: "string", default: "10000" },
    },
    allowPositionals: true,
  });
  const model = values.model;
  if (model !== "register" && model !== "kv")
    throw new UsageError(`--model must be register or kv, got ${model ?? "nothing"}`);
  const format = values.format;
  if (format !== undefined && !["json", "edn", "jepsen-log"].includes(format)) {
    throw new UsageError(`--format must be json, edn or jepsen-log, got ${format}`);
  }
  const budget = Number(values["time-budget-ms"]);
  if (!Number.isFinite(budget) || budget <= 0)
    throw new UsageError("--time-budget-ms must be a positive number of milliseconds");
  if (positionals.length !== 1)
    throw new UsageError(`expected exactly one history file, got ${positionals.length}`);
  return {
    model,
    ...(format === undefined ? {} : { format: format as HistoryFormat }),
    budget,
    file: positionals[0] as string,
  };
}

async function main(): Promise<number> {
  const { model, format, budget, file } = readOptions();
  const history = await readHistoryFile(file, format);
  const result = checkLinearizable(history, { model, timeBudgetMs: budget });
  const report = {
    verdict: VERDICTS[result.verdict],
    ...(result.witness ? { message: result.witness.message } : {}),
    model,
    file,
    operations: result.operations,
    elapsedMs: Math.round(result.elapsedMs),
    keys: result.keys.map((k) => ({
      ...k,
      verdict: VERDICTS[k.verdict],
      elapsedMs: Math.round(k.elapsedMs),
    })),
    ...result.witness,
  };
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  return EXIT[result.verdict];
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof UsageError)
      process.stderr.write(`history:check: ${err.message}\n${USAGE}\n`);
    else if (
      err instanceof HistoryFormatError ||
      (err as { code?: string }).code === "ERR_PARSE_ARGS_UNKNOWN_OPTION"
    ) {
      process.stderr.write(`history:check: ${(err as Error).message}\n`);
    } else
      process.stderr.write(
        `history:check: unexpected error: ${(err as Error).stack ?? String(err)}\n`,
      );
    process.exit(2);
  },
);
