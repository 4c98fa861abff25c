"use client";
/**
 * A run's telemetry, drawn: replica map, charts (operations by outcome, the lab's counters,
 * numeric state), the state timeline, faults and the history, all on one time axis with
 * one shared cursor. The live runner and the replay both draw this; the replay passes the
 * model folded up to its scrubber's moment.
 */
import { useMemo } from "react";
import type { LabView } from "@/lib/labs/types";
import type { GradeView } from "@/lib/runs/grade-view";
import { FaultTimeline } from "./FaultTimeline";
import { HistoryTimeline } from "./HistoryTimeline";
import { MetricsChart } from "./MetricsChart";
import { ReplicaMap } from "./ReplicaMap";
import { witnessBars, type RunModel } from "./run-model";
import { counterCharts, levelCharts, levelSubject, outcomeChart } from "./run-series";
import { stateLanes } from "./state-lanes";
import { StateTimeline } from "./StateTimeline";
import { TimeChart } from "./TimeChart";
import { TimeCursorProvider } from "./TimeCursor";

interface Props {
  model: RunModel;
  /** The moment shown (the model is the run up to it). */
  endT: number;
  /** The time axis: the whole run (a replay keeps it while scrubbing) or the live run so far. */
  domainEnd: number;
  grade: GradeView | null;
  view?: LabView;
  /** A new key per run resets the replica map's own moment. */
  runKey: string;
}

export function RunView({ model, endT, domainEnd, grade, view, runKey }: Props) {
  const bars = useMemo(() => witnessBars(model.ops, grade?.witness), [model.ops, grade]);
  const charts = useMemo(() => {
    const ops = outcomeChart(model.ops);
    return [...(ops ? [ops] : []), ...counterCharts(model.metrics, view)];
  }, [model.ops, model.metrics, view]);
  const levels = useMemo(() => levelCharts(model.stateLog, view), [model.stateLog, view]);
  const lanes = useMemo(() => stateLanes(model.stateLog, (s) => levelSubject(s, view)), [model.stateLog, view]);
  return (
    <TimeCursorProvider domainEnd={domainEnd}>
      <ReplicaMap key={runKey} events={model.mapEvents} />
      <MetricsChart charts={charts} />
      <StateTimeline lanes={lanes} endT={endT} />
      {levels.length ? (
        <section className="lab-panel lab-charts" aria-label="State levels" data-testid="state-levels">
          {levels.map((c) => (
            <TimeChart key={c.id} spec={c} />
          ))}
        </section>
      ) : null}
      <FaultTimeline faults={model.faults} endT={endT} />
      <HistoryTimeline ops={model.ops} endT={endT} witness={grade?.witness} bars={bars} />
    </TimeCursorProvider>
  );
}
