/**
 * A run's stored spans (run_span) as waterfall rows: depth-first from the root, children in
 * start order, each with its offset from the trace's start. Spans whose parent was not kept
 * (e.g. a re-enqueued run's job, whose request is gone) are drawn as roots.
 */
import type { Db } from "@/lib/db/client";

export interface WaterfallRow {
  spanId: string;
  name: string;
  service: string;
  depth: number;
  offsetMs: number;
  durationMs: number;
}

export interface Waterfall {
  traceIds: string[];
  totalMs: number;
  rows: WaterfallRow[];
}

export interface StoredSpan {
  spanId: string;
  parentSpanId: string | null;
  traceId: string;
  name: string;
  service: string;
  startedAt: Date;
  durationMs: number;
}

export function buildWaterfall(spans: StoredSpan[]): Waterfall {
  if (!spans.length) return { traceIds: [], totalMs: 0, rows: [] };
  const start = Math.min(...spans.map((s) => s.startedAt.getTime()));
  const end = Math.max(...spans.map((s) => s.startedAt.getTime() + s.durationMs));
  const ids = new Set(spans.map((s) => s.spanId));
  const children = new Map<string | null, StoredSpan[]>();
  for (const s of spans) {
    const parent = s.parentSpanId && ids.has(s.parentSpanId) ? s.parentSpanId : null;
    children.set(parent, [...(children.get(parent) ?? []), s]);
  }
  const rows: WaterfallRow[] = [];
  const visit = (parent: string | null, depth: number) => {
    const list = (children.get(parent) ?? []).sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime());
    for (const s of list) {
      rows.push({ spanId: s.spanId, name: s.name, service: s.service, depth, offsetMs: s.startedAt.getTime() - start, durationMs: s.durationMs });
      visit(s.spanId, depth + 1);
    }
  };
  visit(null, 0);
  return { traceIds: [...new Set(spans.map((s) => s.traceId))], totalMs: end - start, rows };
}

export async function loadWaterfall(db: Db, runId: string): Promise<Waterfall> {
  const spans = await db.runSpan.findMany({
    where: { runId },
    select: { spanId: true, parentSpanId: true, traceId: true, name: true, service: true, startedAt: true, durationMs: true },
  });
  return buildWaterfall(spans);
}
