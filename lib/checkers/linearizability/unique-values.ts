import type { Access } from "./model";

/** A read or write with its real-time interval (ranks; ret Infinity: outcome unknown). */
export interface AccessOp extends Access {
  call: number;
  ret: number;
}

export type UniqueValuesResult =
  | { verdict: "ok"; order: number[] }
  /** prefix: a linearization of everything before `blocked` returned. */
  | { verdict: "illegal"; prefix: number[]; blocked: number };

/** Does the polynomial check apply: every write writes its own value, never the initial one? */
export function writesAreUnique(ops: readonly AccessOp[]): boolean {
  const written = new Set<string>();
  for (const op of ops) {
    if (!op.write) continue;
    if (op.value === null || written.has(op.value)) return false;
    written.add(op.value);
  }
  return true;
}

/**
 * Linearizability of one register whose writes write distinct values, in O(n log n) per
 * check (Gibbons & Korach 1997; the zones of Golab, Li & Shah 2011). Each read names its
 * write, so a value's write and reads (its cluster) must be linearized as one contiguous
 * run. With f = the cluster's earliest return and s = its latest invoke, the run covers
 * [f, s] when f < s (a forward zone). The history is linearizable iff no read returns before
 * its write is invoked, no two forward zones overlap, and no backward zone ([s, f]) lies
 * inside a forward zone. The initial value is a cluster whose write is at -∞.
 *
 * When illegal, the blocked operation is the one whose return first makes the history
 * illegal (binary search over return times; a prefix of a linearizable history is
 * linearizable), like the search's witness: for a planted stale read, that read.
 * Precondition: writesAreUnique(ops).
 */
export function checkUniqueValues(ops: readonly AccessOp[]): UniqueValuesResult | null {
  const order = linearizeUpTo(ops, Infinity);
  if (order) return { verdict: "ok", order };
  const returns = ops
    .map((op, i) => ({ ret: op.ret, i }))
    .filter((r) => r.ret !== Infinity)
    .sort((a, b) => a.ret - b.ret);
  let lo = 0;
  let hi = returns.length - 1;
  if (hi < 0 || linearizeUpTo(ops, returns[hi]!.ret)) return null; // cannot happen
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (linearizeUpTo(ops, returns[mid]!.ret)) lo = mid + 1;
    else hi = mid;
  }
  const prefix = lo === 0 ? [] : linearizeUpTo(ops, returns[lo - 1]!.ret);
  return prefix ? { verdict: "illegal", prefix, blocked: returns[lo]!.i } : null;
}

interface Cluster {
  write: number; // op index, -1 for the initial value's virtual write
  reads: number[];
  f: number;
  s: number;
}

/**
 * A linearization of the history as it stood at time t (ops invoked before t; those that
 * had not returned are pending: reads dropped, writes may take effect any time later), or
 * null when there is none.
 */
function linearizeUpTo(ops: readonly AccessOp[], t: number): number[] | null {
  const pending = (op: AccessOp) => op.ret > t || op.ret === Infinity;
  const clusters = new Map<string | null, Cluster>();
  const clusterOf = (value: string | null) => {
    let c = clusters.get(value);
    if (!c) clusters.set(value, (c = { write: -1, reads: [], f: Infinity, s: -Infinity }));
    return c;
  };
  for (let i = 0; i < ops.length; i++) {
    const op = ops[i]!;
    if (op.write || op.call >= t || pending(op)) continue;
    const c = clusterOf(op.value);
    c.reads.push(i);
    c.f = Math.min(c.f, op.ret);
    c.s = Math.max(c.s, op.call);
  }
  for (let i = 0; i < ops.length; i++) {
    const op = ops[i]!;
    if (!op.write || op.call >= t) continue;
    const end = pending(op) ? Infinity : op.ret;
    // A pending write nobody read can take effect after everything: drop it.
    if (end === Infinity && !clusters.has(op.value)) continue;
    const c = clusterOf(op.value);
    c.write = i;
    c.f = Math.min(c.f, end);
    c.s = Math.max(c.s, op.call);
  }
  const forward: Cluster[] = [];
  const backward: Cluster[] = [];
  for (const [value, c] of clusters) {
    if (value === null) {
      c.f = -Infinity; // the initial value was written before everything
    } else if (c.write === -1) {
      return null; // a read of a value nobody (yet) wrote
    } else {
      const call = ops[c.write]!.call;
      for (const r of c.reads) if (ops[r]!.ret < call) return null; // read before its write
    }
    (c.f < c.s ? forward : backward).push(c);
  }
  forward.sort((a, b) => a.f - b.f);
  for (let k = 1; k < forward.length; k++) if (forward[k]!.f < forward[k - 1]!.s) return null;

  // Each op gets a point in its interval; sorting by point gives the linearization.
  const points: { point: number; cluster: number; read: number; op: number }[] = [];
  forward.forEach((c, id) => {
    const writeCall = c.write === -1 ? -Infinity : ops[c.write]!.call;
    if (c.write !== -1)
      points.push({ point: Math.max(writeCall, c.f), cluster: id, read: 0, op: c.write });
    for (const r of c.reads)
      points.push({ point: Math.max(ops[r]!.call, c.f, writeCall), cluster: id, read: 1, op: r });
  });
  for (let k = 0; k < backward.length; k++) {
    const c = backward[k]!;
    const around = containing(forward, c.s);
    if (around && c.f < around.s) return null; // a backward zone inside a forward zone
    // A point of [s, f] outside every forward zone: s, or just after the zone holding s.
    const point = around ? around.s + 0.5 : c.s;
    const id = forward.length + k;
    if (c.write !== -1) points.push({ point, cluster: id, read: 0, op: c.write });
    for (const r of c.reads) points.push({ point, cluster: id, read: 1, op: r });
  }
  points.sort((a, b) => a.point - b.point || a.cluster - b.cluster || a.read - b.read);
  return points.map((p) => p.op);
}

/** The forward zone (sorted, disjoint) whose interval contains x, if any. */
function containing(forward: readonly Cluster[], x: number): Cluster | undefined {
  let lo = 0;
  let hi = forward.length; // first zone with f > x
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (forward[mid]!.f < x) lo = mid + 1;
    else hi = mid;
  }
  const zone = forward[lo - 1];
  return zone && x < zone.s ? zone : undefined;
}
