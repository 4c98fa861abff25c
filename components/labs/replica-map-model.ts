/**
 * What the replica map draws, folded from a run's events: each node's state, links cut,
 * clock offsets and messages in flight. Pure, so a replay can ask for any moment: the map at
 * time t is the fold of the events up to t.
 *
 * The standard state events — a lab that emits them gets the map for free:
 *   - a node: `state` with subject `n<k>` (n1, n2, …) and state `up` | `down` | `paused` |
 *     `stopped`; its `detail` may add `value`, `version`, `vector` ({ n1: 2, … }) and
 *     `clockOffsetMs` (other detail keys, like pid, are not drawn);
 *   - a link: `state` with subject `a→b` (two node ids; `a->b` works too) and state `cut` | `ok`;
 *   - faults from lib/faults' schedule runner need nothing more: crash (down), pause (paused),
 *     partition or blackhole on a node (cut off) or on a link (cut), clock-skew (its offsetMs),
 *     messages on a link (what it dropped counts as lost when it ends);
 *   - `message` events between nodes: a send is in flight until its recv or lost.
 * Subjects that are neither (token-bucket's `bucket:…`) are not the map's, and a run without
 * node state events has no map.
 */
import type { LabEvent } from "@/lib/labs/types";

export type MapEvent = Extract<LabEvent, { kind: "state" | "fault" | "message" }>;

export interface MapNode {
  id: string;
  /** up | down | paused | stopped (or the lab's own word); `unknown` before its first report. */
  state: string;
  /** A partition or blackhole on the node itself: nobody reaches it. */
  cutOff: boolean;
  value?: unknown;
  version?: string | number;
  vector?: Record<string, number>;
  clockOffsetMs?: number;
  /** A `lie` fault: the node is a Byzantine traitor, its replies rewritten. */
  lying?: boolean;
  /** A `latency` fault on the node: its replies take this much longer. */
  slowMs?: number;
}

/** One direction of a link, listed only when it has something to show. */
export interface MapLink {
  from: string;
  to: string;
  cut: boolean;
  inFlight: number;
}

export interface ReplicaMap {
  /** The moment shown, ms since the run started. */
  t: number;
  nodes: MapNode[];
  links: MapLink[];
  inFlight: number;
  /** Messages lost so far: reported lost, or still in flight when their link healed or receiver died. */
  lost: number;
}

const NODE_ID = /^n\d+$/;
const CUTS = new Set(["partition", "blackhole"]);
/** `messages` (drop / duplicate / reorder on a link) is kept for its end: see applyFault. */
const DRAWN_FAULTS = new Set([...CUTS, "crash", "pause", "clock-skew", "messages", "lie", "latency"]);

export const isNodeId = (id: string) => NODE_ID.test(id);

/** `a→b` as [a, b] when both ends are nodes. */
export function linkEnds(subject: string): [string, string] | null {
  const ends = subject.split(/→|->/);
  return ends.length === 2 && ends.every(isNodeId) ? (ends as [string, string]) : null;
}

const isMapTarget = (target: string | undefined) => target !== undefined && (isNodeId(target) || linkEnds(target) !== null);

/** Whether the map needs this event (the run model keeps only these). */
export function isMapEvent(e: LabEvent): e is MapEvent {
  if (e.kind === "state") return isNodeId(e.subject) || linkEnds(e.subject) !== null;
  if (e.kind === "fault") return DRAWN_FAULTS.has(e.fault) && isMapTarget(e.target);
  return e.kind === "message" && isNodeId(e.from) && isNodeId(e.to);
}

/** A map is drawn only for runs whose nodes report their state. */
export const hasNodeStates = (events: readonly MapEvent[]) => events.some((e) => e.kind === "state" && isNodeId(e.subject));

interface NodeFold extends MapNode {
  /** Active pause and cut faults, by `fault#index`, so overlapping ones end one by one. */
  pauses: Set<string>;
  cuts: Set<string>;
}

interface LinkFold {
  reportedCut: boolean;
  cuts: Set<string>;
  flying: Array<{ type: string; msgId?: number }>;
}

class Fold {
  nodes = new Map<string, NodeFold>();
  links = new Map<string, LinkFold>();
  lost = 0;

  node(id: string): NodeFold {
    let n = this.nodes.get(id);
    if (!n) this.nodes.set(id, (n = { id, state: "unknown", cutOff: false, pauses: new Set(), cuts: new Set() }));
    return n;
  }

  link(from: string, to: string): LinkFold {
    const key = `${from}→${to}`;
    let l = this.links.get(key);
    if (!l) this.links.set(key, (l = { reportedCut: false, cuts: new Set(), flying: [] }));
    return l;
  }

  /** Messages that will never arrive are counted lost instead of flying forever. */
  dropFlying(l: LinkFold) {
    this.lost += l.flying.length;
    l.flying = [];
  }

  setLiveness(id: string, state: string) {
    this.node(id).state = state;
    // A dead receiver never reports what was on its way to it.
    if (state === "down" || state === "stopped") for (const [key, l] of this.links) if (key.endsWith(`→${id}`)) this.dropFlying(l);
  }

  setLinkCut(l: LinkFold, change: () => void) {
    const before = l.reportedCut || l.cuts.size > 0;
    change();
    // What was sent into a cut link was swallowed by it.
    if (before && !l.reportedCut && l.cuts.size === 0) this.dropFlying(l);
  }
}

function applyState(f: Fold, e: Extract<MapEvent, { kind: "state" }>) {
  const ends = linkEnds(e.subject);
  if (ends) {
    const l = f.link(...ends);
    f.setLinkCut(l, () => (l.reportedCut = e.state === "cut"));
    return;
  }
  f.setLiveness(e.subject, e.state);
  const n = f.node(e.subject);
  const d = e.detail ?? {};
  if (d.value !== undefined) n.value = d.value;
  if (typeof d.version === "number" || typeof d.version === "string") n.version = d.version;
  if (isVector(d.vector)) n.vector = d.vector;
  if (typeof d.clockOffsetMs === "number") n.clockOffsetMs = d.clockOffsetMs;
}

function isVector(v: unknown): v is Record<string, number> {
  return typeof v === "object" && v !== null && !Array.isArray(v) && Object.values(v).every((x) => typeof x === "number");
}

function applyFault(f: Fold, e: Extract<MapEvent, { kind: "fault" }>) {
  const target = e.target!;
  const key = `${e.fault}#${String(e.detail?.index ?? "")}`;
  const start = e.action === "start";
  const toggle = (set: Set<string>) => (start ? set.add(key) : set.delete(key));
  const ends = linkEnds(target);
  if (ends) {
    const l = f.link(...ends);
    if (CUTS.has(e.fault)) f.setLinkCut(l, () => toggle(l.cuts));
    // What a message fault dropped was never reported; once it ends, what is still flying was.
    else if (e.fault === "messages" && !start) f.dropFlying(l);
    return;
  }
  const n = f.node(target);
  if (CUTS.has(e.fault)) toggle(n.cuts);
  else if (e.fault === "pause") toggle(n.pauses);
  // Only the down is certain: a crash's stop restarts the node unless the run is aborting, so
  // `up` waits for the lab's own state event.
  else if (e.fault === "crash" && start) f.setLiveness(target, "down");
  else if (e.fault === "clock-skew") n.clockOffsetMs = start && typeof e.detail?.offsetMs === "number" ? e.detail.offsetMs : 0;
  else if (e.fault === "lie") setOrDrop(n, "lying", start || undefined);
  else if (e.fault === "latency") setOrDrop(n, "slowMs", start && typeof e.detail?.latencyMs === "number" ? e.detail.latencyMs : undefined);
}

/** Facts that hold only while their fault does leave no key behind once it ends. */
function setOrDrop<K extends "lying" | "slowMs">(n: MapNode, key: K, value: MapNode[K] | undefined) {
  if (value === undefined) delete n[key];
  else n[key] = value;
}

function applyMessage(f: Fold, e: Extract<MapEvent, { kind: "message" }>) {
  const l = f.link(e.from, e.to);
  if (e.phase === "send") {
    l.flying.push({ type: e.type, msgId: e.msgId });
    return;
  }
  const at = l.flying.findIndex((m) => (e.msgId !== undefined ? m.msgId === e.msgId : m.type === e.type));
  if (at >= 0) l.flying.splice(at, 1);
  if (e.phase === "lost") f.lost++;
}

/** The map as of time `t` (default: after every event given, i.e. the latest or final state). */
export function replicaMapAt(events: readonly MapEvent[], t = Infinity): ReplicaMap {
  const f = new Fold();
  // Every node the run ever names is placed from the start, so scrubbing never moves the ring.
  for (const e of events) for (const id of nodesNamed(e)) f.node(id);
  let shown = 0;
  for (const e of events) {
    if (e.t > t) continue;
    shown = Math.max(shown, e.t);
    if (e.kind === "state") applyState(f, e);
    else if (e.kind === "fault") applyFault(f, e);
    else applyMessage(f, e);
  }
  const nodes = [...f.nodes.values()]
    .sort((a, b) => Number(a.id.slice(1)) - Number(b.id.slice(1)))
    .map(({ pauses, cuts, ...n }) => ({ ...n, state: n.state === "up" && pauses.size > 0 ? "paused" : n.state, cutOff: cuts.size > 0 }));
  const links: MapLink[] = [];
  for (const [key, l] of f.links) {
    const cut = l.reportedCut || l.cuts.size > 0;
    if (cut || l.flying.length > 0) links.push({ from: key.split("→")[0]!, to: key.split("→")[1]!, cut, inFlight: l.flying.length });
  }
  const inFlight = links.reduce((sum, l) => sum + l.inFlight, 0);
  return { t: t === Infinity ? shown : t, nodes, links, inFlight, lost: f.lost };
}

function nodesNamed(e: MapEvent): string[] {
  if (e.kind === "message") return [e.from, e.to];
  const subject = e.kind === "state" ? e.subject : e.target!;
  return linkEnds(subject) ?? [subject];
}

/** Events closer than this belong to one change (five replicas coming up, a crash and its exit). */
const SAME_CHANGE_MS = 25;

/**
 * The moments the map changes, for "previous / next change": the end of each burst of state
 * and fault events (messages are too many to step through).
 */
export function mapMoments(events: readonly MapEvent[]): number[] {
  const times = events.filter((e) => e.kind !== "message").map((e) => e.t).sort((a, b) => a - b);
  const moments: number[] = [];
  times.forEach((t, i) => {
    const next = times[i + 1];
    if (next === undefined || next - t > SAME_CHANGE_MS) moments.push(t);
  });
  return moments;
}
