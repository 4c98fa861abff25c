// Last write wins on a Lamport clock: a replica's clock is never behind any stamp it has
// received, and each write takes the next tick. A write made after its replica heard of
// another is therefore stamped above it, whatever the wall clocks say; equal stamps (writes
// no replica ordered) go to the larger node id, so every replica picks the same winner.
type Entry = { value: string; ts: number; node: string };
type Store = Record<string, Entry>;
type State = { id: string; peers: string[]; clock: number; store: Store };
type Message = { src: string; body: { type: string; msg_id?: number; key?: string; value?: string; store?: Store } };

export function init(node: { id: string; nodeIds: string[] }): State {
  return { id: node.id, peers: node.nodeIds.filter((n) => n !== node.id), clock: 0, store: {} };
}

const wins = (b: Entry, a: Entry | undefined) => !a || b.ts > a.ts || (b.ts === a.ts && b.node > a.node);

/** Keeps the winners of `incoming`, and moves the clock past every stamp in it. */
function receive(state: State, incoming: Store): State {
  let { clock, store } = state;
  for (const [key, entry] of Object.entries(incoming)) {
    clock = Math.max(clock, entry.ts);
    if (wins(entry, store[key])) store = { ...store, [key]: entry };
  }
  return { ...state, clock, store };
}

export function handle(state: State, message: Message) {
  const reply = (body: object) => ({ dest: message.src, body: { ...body, in_reply_to: message.body.msg_id } });
  const key = message.body.key ?? "";
  switch (message.body.type) {
    case "put": {
      const entry = { value: message.body.value ?? "", ts: state.clock + 1, node: state.id };
      const next = receive(state, { [key]: entry });
      // Tell the others at once; the tick's full gossip repairs anything this misses.
      const send = state.peers.map((dest) => ({ dest, body: { type: "gossip", store: { [key]: entry } } }));
      return { state: next, send: [reply({ type: "put_ok" }), ...send] };
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
