"use client";
/**
 * /admin/operations, live: polls the snapshot every second (the same one /metrics's cluster
 * gauges come from) and draws the queue, the workers and what they run, runs per minute,
 * error runs with their reasons, and the slowest labs.
 */
import Link from "next/link";
import { useEffect, useState } from "react";
import type { OperationsSnapshot } from "@/lib/observability/operations";
import { QUEUE_STATES } from "@/lib/observability/queue-states";
import { RunsPerMinuteChart } from "./RunsPerMinuteChart";

const POLL_MS = 1_000;

const seconds = (s: number) =>
  s < 60 ? `${s.toFixed(1)} s` : `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;

export function OperationsLive({ initial }: { initial: OperationsSnapshot }) {
  const [snap, setSnap] = useState(initial);
  const [fetchError, setFetchError] = useState<string | null>(null);

  useEffect(() => {
    let stopped = false;
    const poll = async () => {
      try {
        const res = await fetch("/api/admin/operations", { cache: "no-store" });
        const body = (await res.json()) as OperationsSnapshot & { error?: string };
        if (!res.ok) throw new Error(body.error ?? `HTTP ${res.status}`);
        if (!stopped) {
          setSnap(body);
          setFetchError(null);
        }
      } catch (err) {
        if (!stopped)
          setFetchError(`Could not refresh: ${(err as Error).message}. Showing the last snapshot.`);
      }
    };
    const timer = setInterval(poll, POLL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, []);

  const runs = snap.runs;
  const labOf = new Map((runs?.running ?? []).map((r) => [r.id, r]));
  const lastMinute = runs?.perMinute.at(-1);
  return (
    <div data-testid="operations" data-updated-at={snap.at}>
      <p className="muted" role="status">
        Updated {snap.at.slice(11, 19)} UTC
      </p>
      {[...snap.problems, ...(fetchError ? [fetchError] : [])].map((p) => (
        <p key={p} className="form-error" role="alert">
          {p}
        </p>
      ))}

      <div className="ops-tiles">
        <Tile
          label="Waiting"
          value={snap.queue ? snap.queue.counts.waiting + snap.queue.counts.prioritized : "—"}
          testId="ops-waiting"
        />
        <Tile label="Running" value={snap.queue?.counts.active ?? "—"} testId="ops-active" />
        <Tile
          label="Oldest waiting"
          value={
            snap.queue?.oldestWaiting ? seconds(snap.queue.oldestWaiting.waitingSeconds) : "none"
          }
          testId="ops-oldest"
        />
        <Tile label="Live workers" value={snap.workers?.length ?? "—"} testId="ops-workers" />
        <Tile
          label="Ended this minute"
          value={lastMinute ? lastMinute.passed + lastMinute.failed + lastMinute.error : "—"}
          testId="ops-rpm"
        />
        <Tile
          label="Errors in the last hour"
          value={runs ? runs.errorKinds.reduce((n, k) => n + k.count, 0) : "—"}
          testId="ops-errors"
        />
      </div>

      <section className="account-card table-scroll" aria-labelledby="ops-queue">
        <h2 id="ops-queue">Queue</h2>
        {snap.queue ? (
          <table className="data-table" data-testid="ops-queue-table">
            <thead>
              <tr>
                {QUEUE_STATES.map((s) => (
                  <th key={s} scope="col">
                    {s}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              <tr>
                {QUEUE_STATES.map((s) => (
                  <td key={s} data-state={s}>
                    {snap.queue!.counts[s]}
                  </td>
                ))}
              </tr>
            </tbody>
          </table>
        ) : (
          <p className="muted">The queue is not answering.</p>
        )}
        {snap.queue?.oldestWaiting ? (
          <p>
            Oldest waiting:{" "}
            <Link href={`/runs/${snap.queue.oldestWaiting.runId}`}>
              run {snap.queue.oldestWaiting.runId.slice(0, 8)}
            </Link>
            , waiting {seconds(snap.queue.oldestWaiting.waitingSeconds)}.
          </p>
        ) : null}
      </section>

      <section className="account-card table-scroll" aria-labelledby="ops-workers-h">
        <h2 id="ops-workers-h">Workers</h2>
        {snap.workers && snap.workers.length === 0 ? (
          <p className="form-error">
            No live lab worker: runs will wait. Start one with `npm run worker`.
          </p>
        ) : null}
        <table className="data-table" data-testid="ops-workers-table">
          <thead>
            <tr>
              <th scope="col">Worker</th>
              <th scope="col">Last heartbeat</th>
              <th scope="col">Slots</th>
              <th scope="col">Running now</th>
            </tr>
          </thead>
          <tbody>
            {(snap.workers ?? []).map((w) => (
              <tr key={w.id} data-worker={w.id}>
                <td>
                  <code>{w.id}</code>
                </td>
                <td>{seconds(w.lastBeatSecondsAgo)} ago</td>
                <td>{w.concurrency ?? "?"}</td>
                <td>
                  {w.runIds.length === 0
                    ? "idle"
                    : w.runIds.map((id) => (
                        <Link key={id} href={`/runs/${id}`} className="ops-run">
                          {labOf.get(id)
                            ? `${labOf.get(id)!.labId} / ${labOf.get(id)!.taskId}`
                            : id.slice(0, 8)}
                        </Link>
                      ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      {runs ? (
        <>
          <section className="account-card" aria-labelledby="ops-rpm-h">
            <h2 id="ops-rpm-h">Runs ended per minute</h2>
            <RunsPerMinuteChart perMinute={runs.perMinute} />
          </section>

          <section className="account-card table-scroll" aria-labelledby="ops-errors-h">
            <h2 id="ops-errors-h">Error runs</h2>
            {runs.errorKinds.length ? (
              <p data-testid="ops-error-kinds">
                Last hour:{" "}
                {runs.errorKinds.map((k) => (
                  <span key={k.errorKind} className="status-pill" data-status="error">
                    {k.errorKind} × {k.count}
                  </span>
                ))}
              </p>
            ) : (
              <p className="muted">No error runs in the last hour.</p>
            )}
            {runs.recentErrors.length === 0 ? null : (
              <table className="data-table" data-testid="ops-error-runs">
                <thead>
                  <tr>
                    <th scope="col">Ended</th>
                    <th scope="col">Lab / task</th>
                    <th scope="col">Kind</th>
                    <th scope="col">Reason</th>
                  </tr>
                </thead>
                <tbody>
                  {runs.recentErrors.map((r) => (
                    <tr key={r.id}>
                      <td>
                        <Link href={`/runs/${r.id}`}>{r.finishedAt.slice(11, 19)}</Link>
                      </td>
                      <td>
                        {r.labId} / {r.taskId}
                      </td>
                      <td>{r.errorKind}</td>
                      <td>{r.diagnosis}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>

          <section className="account-card table-scroll" aria-labelledby="ops-slow-h">
            <h2 id="ops-slow-h">Slowest labs (last 24 h)</h2>
            <table className="data-table" data-testid="ops-slowest">
              <thead>
                <tr>
                  <th scope="col">Lab</th>
                  <th scope="col">Runs</th>
                  <th scope="col">p50</th>
                  <th scope="col">p95</th>
                  <th scope="col">max</th>
                </tr>
              </thead>
              <tbody>
                {runs.slowestLabs.map((l) => (
                  <tr key={l.labId}>
                    <td>{l.labId}</td>
                    <td>{l.runs}</td>
                    <td>{seconds(l.p50Seconds)}</td>
                    <td>{seconds(l.p95Seconds)}</td>
                    <td>{seconds(l.maxSeconds)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </>
      ) : null}
    </div>
  );
}

function Tile({ label, value, testId }: { label: string; value: string | number; testId: string }) {
  return (
    <div className="ops-tile">
      <span className="ops-tile-label">{label}</span>
      <span className="ops-tile-value" data-testid={testId}>
        {value}
      </span>
    </div>
  );
}
