"use client";
/**
 * The live replica map: the cluster as the run's state events describe it, following the
 * latest event, or any earlier moment chosen with the slider or "previous / next change".
 * Drawn only for runs whose nodes report state (see replica-map-model.ts).
 */
import { useMemo, useState } from "react";
import { hasNodeStates, mapMoments, replicaMapAt, type MapEvent } from "./replica-map-model";
import { ReplicaRing } from "./ReplicaRing";
import "./replica-map.css";

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** `events`: the run model's map events; give a new `key` per run so a pinned moment resets. */
export function ReplicaMap({ events }: { events: MapEvent[] }) {
  /** The moment shown; null follows the latest event. */
  const [at, setAt] = useState<number | null>(null);
  const drawn = useMemo(() => hasNodeStates(events), [events]);
  const map = useMemo(() => replicaMapAt(events, at ?? Infinity), [events, at]);
  const moments = useMemo(() => mapMoments(events), [events]);
  if (!drawn) return null;

  const end = events.reduce((max, e) => Math.max(max, e.t), 0);
  const now = at ?? end;
  const previous = moments.findLast((m) => m < now);
  const next = moments.find((m) => m > now);
  const messages = events.some((e) => e.kind === "message");
  return (
    <figure className="lab-panel lab-replica-map" aria-label="Replica map" data-testid="replica-map" data-t={Math.round(map.t)} data-following={at === null}>
      <figcaption>
        Replica map <span className="lab-map-when">{at === null ? `latest, ${seconds(map.t)}` : `at ${seconds(at)}`}</span>
      </figcaption>
      <ReplicaRing map={map} />
      {messages ? (
        <p className="lab-map-summary" data-testid="replica-map-messages">
          {map.inFlight} message{map.inFlight === 1 ? "" : "s"} in flight · {map.lost} lost
        </p>
      ) : null}
      <div className="lab-map-scrub">
        <button type="button" onClick={() => setAt(previous ?? 0)} disabled={previous === undefined}>
          ◀ Previous change
        </button>
        <input type="range" aria-label="Moment shown (ms since the run started)" min={0} max={Math.ceil(end)} step={1} value={Math.round(now)} onChange={(e) => setAt(Number(e.target.value))} />
        <button type="button" onClick={() => setAt(next ?? null)} disabled={next === undefined}>
          Next change ▶
        </button>
        <button type="button" onClick={() => setAt(null)} disabled={at === null}>
          Latest
        </button>
      </div>
    </figure>
  );
}
