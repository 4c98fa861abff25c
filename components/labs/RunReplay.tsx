"use client";
/**
 * A past run, replayed: the same view the chapter shows, fed from the stored events (the SSE
 * route replays them from the start, then ends with the grade), with a scrubber: the view
 * at a moment is the fold of the events up to it.
 */
import { useDeferredValue, useEffect, useMemo, useState } from "react";
import type { LabView } from "@/lib/labs/types";
import { GradeCard } from "./GradeCard";
import { endOf, modelAt } from "./run-at";
import { RunScrubber } from "./RunScrubber";
import { RunView } from "./RunView";
import { useRunStream } from "./use-run-stream";
import "./lab-runner.css";

/**
 * `own`: the viewer ran it (an instructor looking at a student's run sees "the student's").
 * `view`: how the lab names its charts (from the catalogue, passed by the run page); without
 * it the conventions still name every series.
 */
export function RunReplay({ runId, own = true, view }: { runId: string; own?: boolean; view?: LabView }) {
  const { state, model, events, follow } = useRunStream();
  useEffect(() => follow(runId), [follow, runId]);
  const grade = state.stage === "done" ? state.grade : null;
  const end = useMemo(() => endOf(events), [events]);
  /** The moment shown; null: the end of the run. */
  const [scrub, setScrub] = useState<number | null>(null);
  const at = useDeferredValue(scrub);
  const shown = useMemo(() => (at === null || events.length === 0 ? model : modelAt(events, at)), [at, events, model]);
  const ready = grade !== null && events.length > 0;
  return (
    <div className="lab-runner" data-testid="run-replay">
      <p role="status" aria-live="polite">
        {grade ? "Replayed from the stored telemetry." : "Loading the run's telemetry…"}
      </p>
      {grade ? <GradeCard grade={grade} own={own} /> : null}
      {ready ? <RunScrubber at={scrub ?? end} end={end} onChange={(t) => setScrub(t >= end ? null : t)} /> : null}
      <div className="lab-run-view" data-testid="run-view" data-shown-t={Math.round(at ?? (ready ? end : model.lastT))}>
        <RunView model={shown} endT={at ?? model.lastT} domainEnd={ready ? end : model.lastT} grade={grade} view={view} runKey={runId} />
      </div>
    </div>
  );
}
