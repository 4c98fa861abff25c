// Compares vectors by their sums: a total order, so concurrent writes look ordered and the
// "older" one is dropped.
type Vector = Record<string, number>;
type Sibling = { value: string; vv: Vector };

export function compare(a: Vector, b: Vector): "before" | "after" | "equal" | "concurrent" {
  const sum = (v: Vector) => Object.values(v).reduce((s, n) => s + n, 0);
  return sum(a) > sum(b) ? "after" : sum(a) < sum(b) ? "before" : "equal";
}

export function mergeSiblings(siblings: Sibling[], incoming: Sibling): Sibling[] {
  if (siblings.some((s) => ["after", "equal"].includes(compare(s.vv, incoming.vv)))) return siblings;
  return [...siblings.filter((s) => compare(s.vv, incoming.vv) !== "before"), incoming];
}
