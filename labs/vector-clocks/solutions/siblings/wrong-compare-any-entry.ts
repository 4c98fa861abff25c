// Calls a after b as soon as one entry of a is larger, without looking at the others.
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
  if (aAhead) return "after";
  if (bAhead) return "before";
  return "equal";
}

export function mergeSiblings(siblings: Sibling[], incoming: Sibling): Sibling[] {
  if (siblings.some((s) => ["after", "equal"].includes(compare(s.vv, incoming.vv)))) return siblings;
  return [...siblings.filter((s) => compare(s.vv, incoming.vv) !== "before"), incoming];
}
