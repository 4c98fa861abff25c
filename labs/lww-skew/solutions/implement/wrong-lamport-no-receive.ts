// A Lamport clock that only ticks on the replica's own writes and ignores the stamps it
// receives: each replica's clock counts its own writes. n1 takes the most writes, so its
// stamps stay ahead and the next writes through n2 and n3 lose to them.
type Entry = { value: string; ts: number; node: string };
type Store = Record<string, Entry>;
type State = { id: string; peers: string[]; clock: number; store: Store };
type Message = { src: string; body: { type: string; msg_id?: number; key?: string; value?: string; store?: Store } };

export function init(node: { id: string; nodeIds: string[] }): State {
  return { id: node.id, peers: node.nodeIds.filter((n) => n !== node.id), clock: 0, store: {} };
}

const wins = (b: Entry, a: Entry | undefined) => !a || b.ts > a.ts || (b.ts === a.ts && b.node > a.node);

function keep(store: Store, incoming: Store): Store {
  let out = store;
  for (const [key, entry] of Object.entries(incoming)) if (wins(entry, out[key])) out = { ...out, [key]: entry };
  return out;
}

export function handle(state: State, message: Message) {
  const reply = (body: object) => ({ dest: message.src, body: { ...body, in_reply_to: message.body.msg_id } });
  const key = message.body.key ?? "";
  switch (message.body.type) {
    case "put": {
      const clock = state.clock + 1;
      const store = keep(state.store, { [key]: { value: message.body.value ?? "", ts: clock, node: state.id } });
      return { state: { ...state, clock, store }, send: [reply({ type: "put_ok" })] };
    }
    case "get":
      return { state, send: [reply({ type: "get_ok", value: state.store[key]?.value ?? null })] };
    case "gossip":
      return { state: { ...state, store: keep(state.store, message.body.store ?? {}) } };
    default:
      return { state };
  }
}

export function tick(state: State) {
  return { state, send: state.peers.map((dest) => ({ dest, body: { type: "gossip", store: state.store } })) };
}
