/**
 * The run's trace as a waterfall, for instructors: one row per span, indented by depth, a bar
 * at its offset and width on the run's time line, its duration in ms. A server component:
 * it reads the stored spans itself and ships no script.
 */
import { prisma } from "@/lib/db/client";
import { loadWaterfall } from "@/lib/observability/run-waterfall";
import "./run-waterfall.css";

const ms = (v: number) => `${v < 10 ? v.toFixed(1) : Math.round(v)} ms`;

export async function RunWaterfall({ runId }: { runId: string }) {
  const { rows, totalMs, traceIds } = await loadWaterfall(prisma(), runId);
  return (
    <section className="account-card run-waterfall" data-testid="run-waterfall" aria-labelledby="run-waterfall-title">
      <h2 id="run-waterfall-title">Trace</h2>
      {rows.length === 0 ? (
        <p className="muted">No spans were kept for this run (runs from before traces were recorded have none).</p>
      ) : (
        <>
          <p className="muted">
            {rows.length} spans over {ms(totalMs)} · trace {traceIds.join(", ")}
          </p>
          <ol className="waterfall" aria-label="Spans in start order, children indented under their parent">
            {rows.map((row) => {
              const left = totalMs > 0 ? (row.offsetMs / totalMs) * 100 : 0;
              const width = totalMs > 0 ? Math.max((row.durationMs / totalMs) * 100, 0.4) : 100;
              return (
                <li key={row.spanId} className="waterfall-row" data-span={row.name} data-depth={row.depth}>
                  <span className="waterfall-name" style={{ paddingInlineStart: `${row.depth}rem` }}>
                    {row.name} <small className="muted">{row.service}</small>
                  </span>
                  <span className="waterfall-track" aria-hidden="true">
                    <span className="waterfall-bar" data-service={row.service} style={{ left: `${left}%`, width: `${Math.min(width, 100 - left)}%` }} />
                  </span>
                  <span className="waterfall-ms">
                    {ms(row.durationMs)} <small className="muted">at +{ms(row.offsetMs)}</small>
                  </span>
                </li>
              );
            })}
          </ol>
        </>
      )}
    </section>
  );
}
