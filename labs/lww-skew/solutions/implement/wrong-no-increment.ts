// Stamps a write with the larger of its wall clock and the highest stamp it has received —
// but never adds one. Right after n1's write, n2 and n3 stamp theirs exactly as high, and
// the node id, not the order of the writes, decides between them.
type Entry = { value: string; ts: number; node: string };
type Store = Record<string, Entry>;
type State = { id: string; peers: string[]; seen: number; store: Store };
type Message = { src: string; body: { type: string; msg_id?: number; key?: string; value?: string; store?: Store } };

export function init(node: { id: string; nodeIds: string[] }): State {
  return { id: node.id, peers: node.nodeIds.filter((n) => n !== node.id), seen: 0, store: {} };
}

const wins = (b: Entry, a: Entry | undefined) => !a || b.ts > a.ts || (b.ts === a.ts && b.node > a.node);

function receive(state: State, incoming: Store): State {
  let { seen, store } = state;
  for (const [key, entry] of Object.entries(incoming)) {
    seen = Math.max(seen, entry.ts);
    if (wins(entry, store[key])) store = { ...store, [key]: entry };
  }
  return { ...state, seen, store };
}

export function handle(state: State, message: Message, now: number) {
  const reply = (body: object) => ({ dest: message.src, body: { ...body, in_reply_to: message.body.msg_id } });
  const key = message.body.key ?? "";
  switch (message.body.type) {
    case "put": {
      const entry = { value: message.body.value ?? "", ts: Math.max(now, state.seen), node: state.id };
      return { state: receive(state, { [key]: entry }), send: [reply({ type: "put_ok" })] };
    }
    case "get":
      return { state, send: [reply({ type: "get_ok", value: state.store[key]?.value ?? null })] };
    case "gossip":
      return { state: receive(state, message.body.store ?? {}) };
    default:
      return { state };
  }
}

export function tick(state: State) {
  return { state, send: state.peers.map((dest) => ({ dest, body: { type: "gossip", store: state.store } })) };
}
