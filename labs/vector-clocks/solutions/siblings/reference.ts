// Version vectors: a is before b when no entry of a is larger and they differ. A sibling
// survives unless another is after (or equal to) it; an incoming sibling replaces exactly
// the siblings it is after.
type Vector = Record<string, number>;
type Sibling = { value: string; vv: Vector };

export function compare(a: Vector, b: Vector): "before" | "after" | "equal" | "concurrent" {
  let aAhead = false;
  let bAhead = false;
  for (const node of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const x = a[node] ?? 0;
    const y = b[node] ?? 0;
    if (x > y) aAhead = true;
    if (y > x) bAhead = true;
  }
  if (aAhead && bAhead) return "concurrent";
  if (aAhead) return "after";
  if (bAhead) return "before";
  return "equal";
}

export function mergeSiblings(siblings: Sibling[], incoming: Sibling): Sibling[] {
  if (siblings.some((s) => ["after", "equal"].includes(compare(s.vv, incoming.vv)))) return siblings;
  return [...siblings.filter((s) => compare(s.vv, incoming.vv) !== "before"), incoming];
}
