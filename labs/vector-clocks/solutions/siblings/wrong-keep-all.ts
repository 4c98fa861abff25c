// Never replaces anything: every value ever written stays a sibling, even after a client
// read it and wrote a new one in its place (false siblings).
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
  if (siblings.some((s) => s.value === incoming.value)) return siblings;
  return [...siblings, incoming];
}
