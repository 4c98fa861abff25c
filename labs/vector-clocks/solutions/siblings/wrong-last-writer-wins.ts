// Keeps only what arrived last: concurrent writes drop each other.
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
  return [incoming];
}
