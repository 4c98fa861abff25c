// Two G-counters, but merged by adding what a peer reports: repeated gossip counts the same
// adds and subtractions again.
type Counts = Record<string, number>;
type Pn = { p: Counts; n: Counts };
type State = { id: string; peers: string[]; pn: Pn };
type Message = { src: string; body: { type: string; msg_id?: number; delta?: number; pn?: Pn } };

const sum = (c: Counts) => Object.values(c).reduce((s, n) => s + n, 0);
const maxEach = (a: Counts, b: Counts): Counts => {
  const out: Counts = { ...a };
  for (const [node, n] of Object.entries(b)) out[node] = (out[node] ?? 0) + n;
  return out;
};

export function init(node: { id: string; nodeIds: string[] }): State {
  return { id: node.id, peers: node.nodeIds.filter((n) => n !== node.id), pn: { p: {}, n: {} } };
}

export function merge(a: Pn, b: Pn): Pn {
  return { p: maxEach(a.p, b.p), n: maxEach(a.n, b.n) };
}

export function handle(state: State, message: Message) {
  const reply = (body: object) => ({ dest: message.src, body: { ...body, in_reply_to: message.body.msg_id } });
  const { id, pn } = state;
  switch (message.body.type) {
    case "add": {
      const delta = message.body.delta ?? 0;
      const next: Pn = delta >= 0 ? { ...pn, p: { ...pn.p, [id]: (pn.p[id] ?? 0) + delta } } : { ...pn, n: { ...pn.n, [id]: (pn.n[id] ?? 0) - delta } };
      return { state: { ...state, pn: next }, send: [reply({ type: "add_ok" })] };
    }
    case "read":
      return { state, send: [reply({ type: "read_ok", value: sum(pn.p) - sum(pn.n) })] };
    case "gossip":
      return { state: { ...state, pn: merge(pn, message.body.pn ?? { p: {}, n: {} }) } };
    default:
      return { state };
  }
}

export function tick(state: State) {
  return { state, send: state.peers.map((dest) => ({ dest, body: { type: "gossip", pn: state.pn } })) };
}
