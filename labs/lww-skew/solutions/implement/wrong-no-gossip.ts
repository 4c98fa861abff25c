// A Lamport clock done right — but the replicas never tell each other anything. Each ends
// with its own writes only: nothing acknowledged is missing from every replica, yet they
// never agree.
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
  return { state };
}
