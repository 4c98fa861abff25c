/**
 * The replicas' store (a Dynamo-style multi-value register), run in every node's sandbox
 * right after the student's code, which supplies `compare` and `mergeSiblings` — so the
 * replicas really run them. A put is stamped with the client's context (the vector of what
 * it read) plus this replica's next counter; siblings are merged on every put and every
 * gossip with the student's `mergeSiblings`. The `declare` lines are removed when composed.
 */
type StoreVector = Record<string, number>;
type StoreSibling = { value: string; vv: StoreVector };
type StoreOrder = "before" | "after" | "equal" | "concurrent";
declare function compare(a: StoreVector, b: StoreVector): StoreOrder;
declare function mergeSiblings(siblings: StoreSibling[], incoming: StoreSibling): StoreSibling[];

type StoreState = { id: string; peers: string[]; counter: number; data: Record<string, StoreSibling[]> };
type StoreMessage = {
  src: string;
  body: { type: string; msg_id?: number; key?: string; value?: string; context?: StoreVector; data?: Record<string, StoreSibling[]> };
};

const storeJoinStoreVectors = (a: StoreVector, b: StoreVector): StoreVector => {
  const out: StoreVector = { ...a };
  for (const [node, n] of Object.entries(b)) out[node] = Math.max(out[node] ?? 0, n);
  return out;
};

/** Folds `incoming` into a key's siblings with the student's merge, refusing a malformed result. */
function storeFold(siblings: StoreSibling[], incoming: StoreSibling): StoreSibling[] {
  const merged = mergeSiblings(siblings.map((s) => ({ value: s.value, vv: { ...s.vv } })), { value: incoming.value, vv: { ...incoming.vv } });
  if (!Array.isArray(merged)) throw new Error(`mergeSiblings must return an array of siblings, not ${JSON.stringify(merged)}`);
  return merged;
}

export function init(node: { id: string; nodeIds: string[] }): StoreState {
  return { id: node.id, peers: node.nodeIds.filter((n) => n !== node.id), counter: 0, data: {} };
}

export function handle(state: StoreState, message: StoreMessage) {
  const reply = (body: object) => ({ dest: message.src, body: { ...body, in_reply_to: message.body.msg_id } });
  const key = message.body.key ?? "";
  switch (message.body.type) {
    case "get": {
      const siblings = state.data[key] ?? [];
      return { state, send: [reply({ type: "get_ok", siblings })] };
    }
    case "put": {
      const context = message.body.context ?? {};
      const counter = Math.max(state.counter, context[state.id] ?? 0) + 1;
      const sibling: StoreSibling = { value: message.body.value ?? "", vv: { ...context, [state.id]: counter } };
      const data = { ...state.data, [key]: storeFold(state.data[key] ?? [], sibling) };
      return { state: { ...state, counter, data }, send: [reply({ type: "put_ok" })] };
    }
    case "gossip": {
      const data = { ...state.data };
      for (const [k, siblings] of Object.entries(message.body.data ?? {})) for (const s of siblings) data[k] = storeFold(data[k] ?? [], s);
      return { state: { ...state, data } };
    }
    default:
      return { state };
  }
}

export function tick(state: StoreState) {
  return { state, send: state.peers.map((dest) => ({ dest, body: { type: "gossip", data: state.data } })) };
}

/** The context a client sends back after a read: every sibling's vector, joined. */
export function contextOf(siblings: StoreSibling[]): StoreVector {
  return siblings.reduce((acc, s) => storeJoinStoreVectors(acc, s.vv), {} as StoreVector);
}
