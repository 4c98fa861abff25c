export interface ConvergenceGroup {
  state: unknown;
  nodes: string[];
}

export interface ConvergenceResult {
  verdict: "ok" | "illegal";
  /** Nodes grouped by identical final state, largest group first. */
  groups: ConvergenceGroup[];
  /** When every state is an object (a key-value map): the keys on which nodes disagree. */
  divergentKeys: string[];
  message: string;
}

/**
 * Did the replicas converge? Compares each node's final state (after heal and recovery);
 * states are equal when their JSON is equal regardless of object key order.
 */
export function checkConvergence(finalStates: Record<string, unknown>): ConvergenceResult {
  const nodes = Object.keys(finalStates);
  if (nodes.length === 0)
    throw new RangeError("checkConvergence needs the final state of at least one node");
  const byState = new Map<string, ConvergenceGroup>();
  for (const node of nodes) {
    const state = finalStates[node];
    const id = canonicalJson(state);
    const group = byState.get(id);
    if (group) group.nodes.push(node);
    else byState.set(id, { state, nodes: [node] });
  }
  const groups = [...byState.values()].sort((a, b) => b.nodes.length - a.nodes.length);
  const divergentKeys =
    groups.length > 1 ? disagreeingKeys(nodes.map((node) => finalStates[node])) : [];
  const message =
    groups.length === 1
      ? `All ${nodes.length} nodes converged.`
      : `Nodes did not converge: ${groups.map((g) => `{${g.nodes.join(", ")}}`).join(" vs ")}` +
        (divergentKeys.length > 0
          ? `; they disagree on ${divergentKeys.map((k) => JSON.stringify(k)).join(", ")}.`
          : ".");
  return { verdict: groups.length === 1 ? "ok" : "illegal", groups, divergentKeys, message };
}

function disagreeingKeys(states: unknown[]): string[] {
  if (!states.every(isPlainObject)) return [];
  const keys = new Set(states.flatMap((state) => Object.keys(state)));
  return [...keys]
    .filter((key) => new Set(states.map((state) => canonicalJson(state[key]))).size > 1)
    .sort();
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** JSON with object keys sorted, so equal maps compare equal whatever their insertion order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (isPlainObject(value)) {
    const entries = Object.keys(value)
      .filter((key) => value[key] !== undefined)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key])}`);
    return `{${entries.join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}
