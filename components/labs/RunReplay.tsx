"use client";
/**
 * A past run, replayed: the same live view the chapter shows, fed from the stored events
 * (the SSE route replays them from the start, then ends with the grade).
 */
import { useEffect, useMemo } from "react";
import { FaultTimeline } from "./FaultTimeline";
import { GradeCard } from "./GradeCard";
import { HistoryTimeline } from "./HistoryTimeline";
import { MetricsChart } from "./MetricsChart";
import { ReplicaMap } from "./ReplicaMap";
import { witnessBars } from "./run-model";
import { useRunStream } from "./use-run-stream";
import "./lab-runner.css";

/** `own`: the viewer ran it (an instructor looking at a student's run sees "the student's"). */
export function RunReplay({ runId, own = true }: { runId: string; own?: boolean }) {
  const { state, model, follow } = useRunStream();
  useEffect(() => follow(runId), [follow, runId]);
  const grade = state.stage === "done" ? state.grade : null;
  const bars = useMemo(() => witnessBars(model.ops, grade?.witness), [model.ops, grade]);
  return (
    <div className="lab-runner" data-testid="run-replay">
      <p role="status" aria-live="polite">
        {grade ? "Replayed from the stored telemetry." : "Loading the run's telemetry…"}
      </p>
      {grade ? <GradeCard grade={grade} own={own} /> : null}
      <ReplicaMap key={runId} events={model.mapEvents} />
      <MetricsChart metrics={model.metrics} />
      <FaultTimeline faults={model.faults} endT={model.lastT} />
      <HistoryTimeline ops={model.ops} endT={model.lastT} witness={grade?.witness} bars={bars} />
    </div>
  );
}
