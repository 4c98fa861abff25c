// The G-counter with negative deltas allowed: one count per node that can go down, merged
// by the maximum — so a peer that saw a node at 5 keeps 5 after the node went down to 3.
type Counts = Record<string, number>;
type Pn = { p: Counts; n: Counts };
type State = { id: string; peers: string[]; counts: Counts };
type Message = { src: string; body: { type: string; msg_id?: number; delta?: number; counts?: Counts } };

const sum = (c: Counts) => Object.values(c).reduce((s, n) => s + n, 0);
const maxEach = (a: Counts, b: Counts): Counts => {
  const out: Counts = { ...a };
  for (const [node, n] of Object.entries(b)) out[node] = Math.max(out[node] ?? 0, n);
  return out;
};

export function init(node: { id: string; nodeIds: string[] }): State {
  return { id: node.id, peers: node.nodeIds.filter((n) => n !== node.id), counts: {} };
}

export function merge(a: Pn, b: Pn): Pn {
  return { p: maxEach(a.p, b.p), n: maxEach(a.n, b.n) };
}

export function handle(state: State, message: Message) {
  const reply = (body: object) => ({ dest: message.src, body: { ...body, in_reply_to: message.body.msg_id } });
  switch (message.body.type) {
    case "add": {
      const counts = { ...state.counts, [state.id]: (state.counts[state.id] ?? 0) + (message.body.delta ?? 0) };
      return { state: { ...state, counts }, send: [reply({ type: "add_ok" })] };
    }
    case "read":
      return { state, send: [reply({ type: "read_ok", value: sum(state.counts) })] };
    case "gossip":
      return { state: { ...state, counts: maxEach(state.counts, message.body.counts ?? {}) } };
    default:
      return { state };
  }
}

export function tick(state: State) {
  return { state, send: state.peers.map((dest) => ({ dest, body: { type: "gossip", counts: state.counts } })) };
}
