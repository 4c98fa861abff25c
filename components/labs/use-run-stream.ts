"use client";
/**
 * Submits a run and follows its events over SSE. Events are folded into a RunModel off the
 * render path and published at most every 150 ms, so a fast lab cannot flood React.
 */
import { useCallback, useEffect, useRef, useState } from "react";
import type { GradeView } from "@/lib/runs/grade-view";
import { applyEvents, emptyModel, type OpBar, type RunModel, type StreamedEvent } from "./run-model";

export type RunState =
  | { stage: "idle" }
  | { stage: "submitting" }
  | { stage: "refused"; message: string }
  | { stage: "live"; runId: string }
  /** `grade`: the stream's `end` event. */
  | { stage: "done"; runId: string; grade: GradeView };

const PUBLISH_MS = 150;

export function useRunStream() {
  const [state, setState] = useState<RunState>({ stage: "idle" });
  const [model, setModel] = useState<RunModel>(emptyModel);
  const working = useRef<{ model: RunModel; open: Map<number, OpBar>; dirty: boolean; events: StreamedEvent[] }>({ model: emptyModel(), open: new Map(), dirty: false, events: [] });
  /** Every event of a finished run, for the replay scrubber (set with the grade). */
  const [events, setEvents] = useState<StreamedEvent[]>([]);
  const source = useRef<EventSource | null>(null);

  useEffect(() => {
    const timer = setInterval(() => {
      const w = working.current;
      if (!w.dirty) return;
      w.dirty = false;
      // A shallow copy with copied arrays is enough for React to see a new value.
      const m = w.model;
      setModel({
        ...m,
        ops: [...m.ops],
        faults: [...m.faults],
        mapEvents: [...m.mapEvents],
        metrics: { t: [...m.metrics.t], counters: Object.fromEntries(Object.entries(m.metrics.counters).map(([k, v]) => [k, [...v]])) },
        stateLog: Object.fromEntries(Object.entries(m.stateLog).map(([k, v]) => [k, [...v]])),
      });
    }, PUBLISH_MS);
    return () => {
      clearInterval(timer);
      source.current?.close();
    };
  }, []);

  /** Follows a run's events (live, or replayed from storage for a finished run). */
  const follow = useCallback((runId: string) => {
    source.current?.close();
    working.current = { model: emptyModel(), open: new Map(), dirty: true, events: [] };
    setEvents([]);
    setState({ stage: "live", runId });
    const es = new EventSource(`/api/runs/${runId}/events`);
    source.current = es;
    es.onmessage = (msg: MessageEvent<string>) => {
      const w = working.current;
      const event = JSON.parse(msg.data) as StreamedEvent;
      w.events.push(event);
      applyEvents(w.model, [event], w.open);
      w.dirty = true;
    };
    es.addEventListener("end", (msg: MessageEvent<string>) => {
      es.close();
      working.current.dirty = true;
      setEvents([...working.current.events]);
      setState({ stage: "done", runId, grade: JSON.parse(msg.data) as GradeView });
    });
    // EventSource reconnects by itself with Last-Event-ID; nothing to do on transient errors.
  }, []);

  const submit = useCallback(
    async (body: { labId: string; taskId: string; answer: unknown }) => {
      source.current?.close();
      working.current = { model: emptyModel(), open: new Map(), dirty: true, events: [] };
      setEvents([]);
      setState({ stage: "submitting" });
      try {
        const res = await fetch("/api/runs", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
        const json = (await res.json()) as { id?: string; error?: string };
        if (!res.ok || !json.id) {
          setState({ stage: "refused", message: json.error ?? `The server answered ${res.status}.` });
          return;
        }
        follow(json.id);
      } catch (err) {
        setState({ stage: "refused", message: `Could not reach the server: ${(err as Error).message}` });
      }
    },
    [follow],
  );

  return { state, model, events, submit, follow };
}
