"use client";
/**
 * A past run, replayed: the same live view the chapter shows, fed from the stored events
 * (the SSE route replays them from the start, then ends with the grade).
 */
import { useEffect } from "react";
import { FaultTimeline } from "./FaultTimeline";
import { GradeCard } from "./GradeCard";
import { HistoryTimeline } from "./HistoryTimeline";
import { MetricsChart } from "./MetricsChart";
import { findWitness, witnessBar } from "./run-model";
import { useRunStream } from "./use-run-stream";
import "./lab-runner.css";

export function RunReplay({ runId }: { runId: string }) {
  const { state, model, follow } = useRunStream();
  useEffect(() => follow(runId), [follow, runId]);
  const grade = state.stage === "done" ? state.grade : null;
  const witness = grade ? witnessBar(model.ops, findWitness(grade.details)) : undefined;
  return (
    <div className="lab-runner" data-testid="run-replay">
      <p role="status" aria-live="polite">
        {grade ? "Replayed from the stored telemetry." : "Loading the run's telemetry…"}
      </p>
      {grade ? <GradeCard grade={grade} /> : null}
      <MetricsChart metrics={model.metrics} />
      <FaultTimeline faults={model.faults} endT={model.lastT} />
      <HistoryTimeline ops={model.ops} endT={model.lastT} witness={witness} />
    </div>
  );
}
