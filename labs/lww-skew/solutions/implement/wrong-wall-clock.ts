// The starter: last write wins on each replica's own wall clock. n1 runs ahead, so for as long
// as its lead lasts its writes outrank every later write through n2 or n3.
type Entry = { value: string; ts: number; node: string };
type Store = Record<string, Entry>;
type State = { id: string; peers: string[]; store: Store };
type Message = { src: string; body: { type: string; msg_id?: number; key?: string; value?: string; store?: Store } };

export function init(node: { id: string; nodeIds: string[] }): State {
  return { id: node.id, peers: node.nodeIds.filter((n) => n !== node.id), store: {} };
}

/** Last write wins: keep the entry with the later stamp. */
function keep(store: Store, key: string, entry: Entry): Store {
  const current = store[key];
  return !current || entry.ts > current.ts ? { ...store, [key]: entry } : store;
}

export function handle(state: State, message: Message, now: number) {
  const reply = (body: object) => ({ dest: message.src, body: { ...body, in_reply_to: message.body.msg_id } });
  const key = message.body.key ?? "";
  switch (message.body.type) {
    case "put": {
      const store = keep(state.store, key, { value: message.body.value ?? "", ts: now, node: state.id });
      return { state: { ...state, store }, send: [reply({ type: "put_ok" })] };
    }
    case "get":
      return { state, send: [reply({ type: "get_ok", value: state.store[key]?.value ?? null })] };
    case "gossip": {
      let store = state.store;
      for (const [k, entry] of Object.entries(message.body.store ?? {})) store = keep(store, k, entry);
      return { state: { ...state, store } };
    }
    default:
      return { state };
  }
}

/** Every 50 ms: tell the other replicas everything we hold. */
export function tick(state: State, now: number) {
  return { state, send: state.peers.map((dest) => ({ dest, body: { type: "gossip", store: state.store } })) };
}
