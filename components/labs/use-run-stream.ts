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
  const working = useRef<{ model: RunModel; open: Map<number, OpBar>; dirty: boolean }>({ model: emptyModel(), open: new Map(), dirty: false });
  const source = useRef<EventSource | null>(null);

  useEffect(() => {
    const timer = setInterval(() => {
      const w = working.current;
      if (!w.dirty) return;
      w.dirty = false;
      // A shallow copy with copied arrays is enough for React to see a new value.
      setModel({ ...w.model, ops: [...w.model.ops], faults: [...w.model.faults], mapEvents: [...w.model.mapEvents], metrics: { t: [...w.model.metrics.t], counters: { ...w.model.metrics.counters } } });
    }, PUBLISH_MS);
    return () => {
      clearInterval(timer);
      source.current?.close();
    };
  }, []);

  /** Follows a run's events (live, or replayed from storage for a finished run). */
  const follow = useCallback((runId: string) => {
    source.current?.close();
    working.current = { model: emptyModel(), open: new Map(), dirty: true };
    setState({ stage: "live", runId });
    const es = new EventSource(`/api/runs/${runId}/events`);
    source.current = es;
    es.onmessage = (msg: MessageEvent<string>) => {
      const w = working.current;
      applyEvents(w.model, [JSON.parse(msg.data) as StreamedEvent], w.open);
      w.dirty = true;
    };
    es.addEventListener("end", (msg: MessageEvent<string>) => {
      es.close();
      working.current.dirty = true;
      setState({ stage: "done", runId, grade: JSON.parse(msg.data) as GradeView });
    });
    // EventSource reconnects by itself with Last-Event-ID; nothing to do on transient errors.
  }, []);

  const submit = useCallback(
    async (body: { labId: string; taskId: string; answer: unknown }) => {
      source.current?.close();
      working.current = { model: emptyModel(), open: new Map(), dirty: true };
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

  return { state, model, submit, follow };
}
