/**
 * When faults were active, read from the run's own fault events, and how available the
 * system was meanwhile. Availability counts the operations running at some point inside a
 * fault window (invoked before it ended, not completed before it began) and the share that
 * completed `ok` — overlap, not just invokes inside the window: an operation stuck since
 * before the fault and timing out because of it is exactly the unavailability measured.
 */
import type { LabEvent } from "@/lib/labs/types";
import type { History } from "./types";

/** A span of run time (ms since run start). */
export interface Window {
  start: number;
  end: number;
}

export class FaultWindows {
  readonly windows: Window[] = [];
  private readonly active = new Set<string>();
  private openedAt = 0;

  observe(event: LabEvent): void {
    if (event.kind !== "fault") return;
    const id = String(event.detail?.index ?? `${event.fault}@${event.target ?? ""}`);
    if (event.action === "start") {
      if (this.active.size === 0) this.openedAt = event.t;
      this.active.add(id);
    } else if (this.active.delete(id) && this.active.size === 0) {
      this.windows.push({ start: this.openedAt, end: event.t });
    }
  }

  /** Closes a window still open (faults the heal phase ended). */
  closeAt(t: number): void {
    if (this.active.size > 0) this.windows.push({ start: this.openedAt, end: t });
    this.active.clear();
  }
}

export interface Availability {
  ops: number;
  ok: number;
  /** ok / ops; 0 when no operation ran during the faults (nothing shows availability). */
  ratio: number;
  byFunction: Record<string, { ops: number; ok: number; ratio: number }>;
}

export function availabilityDuring(history: History, windows: Window[]): Availability {
  const overlaps = (start: number, end: number) => windows.some((w) => start <= w.end && end >= w.start);
  const pending = new Map<number, { f: string; start: number }>();
  const tally: Record<string, { ops: number; ok: number }> = {};
  const count = (f: string, ok: boolean) => {
    const entry = (tally[f] ??= { ops: 0, ok: 0 });
    entry.ops++;
    if (ok) entry.ok++;
  };
  for (const op of history) {
    if (op.type === "invoke") {
      pending.set(op.process, { f: String(op.f), start: op.time ?? 0 });
      continue;
    }
    const started = pending.get(op.process);
    pending.delete(op.process);
    if (started && overlaps(started.start, op.time ?? 0)) count(started.f, op.type === "ok");
  }
  // Never completed: running from its invoke to the end of time.
  for (const started of pending.values()) if (overlaps(started.start, Number.POSITIVE_INFINITY)) count(started.f, false);
  const ratio = (e: { ops: number; ok: number }) => (e.ops === 0 ? 0 : e.ok / e.ops);
  const byFunction = Object.fromEntries(Object.entries(tally).map(([f, e]) => [f, { ...e, ratio: ratio(e) }]));
  const ops = Object.values(tally).reduce((n, e) => n + e.ops, 0);
  const ok = Object.values(tally).reduce((n, e) => n + e.ok, 0);
  return { ops, ok, ratio: windows.length === 0 ? 1 : ratio({ ops, ok }), byFunction };
}
