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

/**
 * Replaces the `### subheading` part (up to the next "### " or "## ") of the `heading` section
 * of bench/RESULTS.md, or appends it to that section (made if missing): a benchmark with
 * several modes keeps one current result per mode, and the section's own notes stay.
 */
export function writeResultsSubsection(heading: string, subheading: string, body: string): void {
  const file = path.join(process.cwd(), "bench", "RESULTS.md");
  const current = existsSync(file) ? readFileSync(file, "utf8") : "# Benchmark results\n";
  const part = `${subheading}\n\n${body.trimEnd()}\n`;
  let start = current.indexOf(`${heading}\n`);
  let text = current;
  if (start === -1) {
    text = `${current.trimEnd()}\n\n${heading}\n`;
    start = text.indexOf(`${heading}\n`);
  }
  const after = text.indexOf("\n## ", start + heading.length);
  const sectionEnd = after === -1 ? text.length : after + 1;
  const section = text.slice(start, sectionEnd);
  const subStart = section.indexOf(`${subheading}\n`);
  let next: string;
  if (subStart === -1) next = `${section.trimEnd()}\n\n${part}${after === -1 ? "" : "\n"}`;
  else {
    const subEnd = section.indexOf("\n### ", subStart + subheading.length);
    next = section.slice(0, subStart) + part + (subEnd === -1 ? (after === -1 ? "" : "\n") : section.slice(subEnd));
  }
  writeFileSync(file, text.slice(0, start) + next + text.slice(sectionEnd));
}
