// Last write wins on a hybrid logical clock: a stamp is (wall time, counter). A write takes
// the wall clock when it is ahead of everything seen, else the highest stamp seen plus one
// on the counter — so stamps stay close to real time but never fall behind what a replica
// has heard. Gossips only on its tick: a write waits at least a few ticks for the next one.
type Stamp = { wall: number; count: number; node: string };
type Entry = { value: string; stamp: Stamp };
type Store = Record<string, Entry>;
type State = { id: string; peers: string[]; seen: Stamp; store: Store };
type Message = { src: string; body: { type: string; msg_id?: number; key?: string; value?: string; store?: Store } };

const after = (b: Stamp, a: Stamp) => (b.wall !== a.wall ? b.wall > a.wall : b.count !== a.count ? b.count > a.count : b.node > a.node);

export function init(node: { id: string; nodeIds: string[] }): State {
  return { id: node.id, peers: node.nodeIds.filter((n) => n !== node.id), seen: { wall: 0, count: 0, node: node.id }, store: {} };
}

function nextStamp(seen: Stamp, now: number, node: string): Stamp {
  return now > seen.wall ? { wall: now, count: 0, node } : { wall: seen.wall, count: seen.count + 1, node };
}

function keep(state: State, key: string, entry: Entry): State {
  const current = state.store[key];
  const store = !current || after(entry.stamp, current.stamp) ? { ...state.store, [key]: entry } : state.store;
  return { ...state, store, seen: after(entry.stamp, state.seen) ? entry.stamp : state.seen };
}

export function handle(state: State, message: Message, now: number) {
  const reply = (body: object) => ({ dest: message.src, body: { ...body, in_reply_to: message.body.msg_id } });
  const key = message.body.key ?? "";
  switch (message.body.type) {
    case "put": {
      const stamp = nextStamp(state.seen, now, state.id);
      return { state: keep(state, key, { value: message.body.value ?? "", stamp }), send: [reply({ type: "put_ok" })] };
    }
    case "get":
      return { state, send: [reply({ type: "get_ok", value: state.store[key]?.value ?? null })] };
    case "gossip":
      return { state: Object.entries(message.body.store ?? {}).reduce((s, [k, e]) => keep(s, k, e), state) };
    default:
      return { state };
  }
}

export function tick(state: State) {
  return { state, send: state.peers.map((dest) => ({ dest, body: { type: "gossip", store: state.store } })) };
}
