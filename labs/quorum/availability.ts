/**
 * Availability while faults were active: of the operations invoked inside a fault window,
 * the share that completed `ok`, overall and per function (get/put).
 */
import type { History } from "@/lib/history/types";
import type { Window } from "./scenario";

export interface Availability {
  ops: number;
  ok: number;
  /** ok / ops; 1 when no operation ran during faults. */
  ratio: number;
  byFunction: Record<string, { ops: number; ok: number; ratio: number }>;
}

export function availabilityDuring(history: History, windows: Window[]): Availability {
  const inWindow = (t: number) => windows.some((w) => t >= w.start && t <= w.end);
  const pending = new Map<number, { f: string; counted: boolean }>();
  const tally: Record<string, { ops: number; ok: number }> = {};
  for (const op of history) {
    if (op.type === "invoke") {
      pending.set(op.process, { f: String(op.f), counted: inWindow(op.time ?? 0) });
      continue;
    }
    const started = pending.get(op.process);
    pending.delete(op.process);
    if (!started?.counted) continue;
    const entry = (tally[started.f] ??= { ops: 0, ok: 0 });
    entry.ops++;
    if (op.type === "ok") entry.ok++;
  }
  const byFunction = Object.fromEntries(Object.entries(tally).map(([f, e]) => [f, { ...e, ratio: e.ops === 0 ? 1 : e.ok / e.ops }]));
  const ops = Object.values(tally).reduce((n, e) => n + e.ops, 0);
  const ok = Object.values(tally).reduce((n, e) => n + e.ok, 0);
  return { ops, ok, ratio: ops === 0 ? 1 : ok / ops, byFunction };
}
