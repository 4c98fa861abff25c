/** What every benchmark shares: percentiles, and writing its section of bench/RESULTS.md. */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

/** Nearest-rank percentile (p in 0–100) of unsorted values; NaN when there are none. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

/**
 * Replaces the section that starts with `heading` (up to the next "## ") in bench/RESULTS.md,
 * or appends it: the file keeps one current result per benchmark.
 */
export function writeResultsSection(heading: string, body: string): void {
  const file = path.join(process.cwd(), "bench", "RESULTS.md");
  const current = existsSync(file) ? readFileSync(file, "utf8") : "# Benchmark results\n";
  const section = `${heading}\n\n${body.trimEnd()}\n`;
  const start = current.indexOf(`${heading}\n`);
  let next: string;
  if (start === -1) next = `${current.trimEnd()}\n\n${section}`;
  else {
    const end = current.indexOf("\n## ", start + heading.length);
    next = current.slice(0, start) + section + (end === -1 ? "" : current.slice(end + 1));
  }
  writeFileSync(file, next);
}
