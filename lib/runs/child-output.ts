/**
 * A run child's stdout and stderr, passed on to the worker's own output line by line so
 * `grep <runId>` over the worker's log finds the child's story too. The child's pino lines
 * (JSON, already carrying the run's ids) pass through as they are; anything else is wrapped in
 * a log line with the run's ids. A chatty lab is capped, so it cannot flood the worker's log.
 */
import type { Readable } from "node:stream";
import { log } from "@/lib/log";
import { withOnlyLogFields, type LogFields } from "@/lib/observability/log-context";

export const MAX_FORWARDED_LINES = 1_000;
const MAX_LINE_CHARS = 1_000;

export interface ChildOutput {
  /** The ids of the run the child now executes (a spare is forked before it has one). */
  tag(fields: LogFields): void;
}

function ownLine(line: string, fields: LogFields): boolean {
  try {
    const parsed = JSON.parse(line) as { runId?: unknown; component?: unknown };
    return parsed.component === "run-child" && parsed.runId === fields.runId;
  } catch {
    return false;
  }
}

export function forwardChildOutput(pid: number | undefined, stdout: Readable | null, stderr: Readable | null): ChildOutput {
  let fields: LogFields = {};
  let forwarded = 0;
  const emit = (stream: "stdout" | "stderr", line: string) => {
    if (!line) return;
    forwarded++;
    if (forwarded > MAX_FORWARDED_LINES) {
      if (forwarded === MAX_FORWARDED_LINES + 1) withOnlyLogFields(fields, () => log.warn({ childPid: pid }, `run child output truncated after ${MAX_FORWARDED_LINES} lines`));
      return;
    }
    // Passed through only if it is the child's own line for this run: lab or student code
    // printing JSON must not forge another run's log lines.
    if (stream === "stdout" && line.startsWith("{") && ownLine(line, fields)) {
      process.stdout.write(`${line}\n`);
      return;
    }
    const text = line.length > MAX_LINE_CHARS ? `${line.slice(0, MAX_LINE_CHARS)}…` : line;
    withOnlyLogFields(fields, () => (stream === "stderr" ? log.warn : log.info).call(log, { childPid: pid, stream, line: text }, "run child output"));
  };
  for (const [name, source] of [["stdout", stdout], ["stderr", stderr]] as const) {
    let partial = "";
    source?.setEncoding("utf8");
    source?.on("data", (chunk: string) => {
      const lines = (partial + chunk).split("\n");
      partial = lines.pop() ?? "";
      // A line without an end is cut at the cap rather than held without bound.
      if (partial.length > MAX_LINE_CHARS) {
        lines.push(partial);
        partial = "";
      }
      for (const line of lines) emit(name, line.trimEnd());
    });
    source?.on("end", () => emit(name, partial.trimEnd()));
  }
  return { tag: (f) => (fields = { ...f }) };
}
