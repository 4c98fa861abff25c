/**
 * A stored run at any moment: the run model is a fold of events, so the view at time t is
 * the fold of the events at or before t (the scrubber's input). Pure.
 */
import { applyEvents, emptyModel, type RunModel, type StreamedEvent } from "./run-model";

/** Events in seq order; metric buckets carry their start time, so a bucket shows once t reaches it. */
export function modelAt(events: readonly StreamedEvent[], t: number): RunModel {
  return applyEvents(emptyModel(), events.filter((e) => e.t <= t));
}

/** The run's last moment (its time axis ends there). */
export function endOf(events: readonly StreamedEvent[]): number {
  let end = 0;
  for (const e of events) end = Math.max(end, e.t);
  return end;
}
