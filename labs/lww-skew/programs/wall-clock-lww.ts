/**
 * The predict task's system: a last-write-wins store as Cassandra keeps a cell. Each replica
 * stamps a put with its own wall clock, acknowledges it, and gossips its entries; every
 * replica keeps the entry with the larger stamp (ties: the larger node id). It converges —
 * on whichever write had the fastest clock.
 */
type Entry = { value: string; ts: number; node: string };
type Store = Record<string, Entry>;
type State = { id: string; peers: string[]; store: Store };
type Message = { src: string; body: { type: string; msg_id?: number; key?: string; value?: string; store?: Store } };

const wins = (b: Entry, a: Entry | undefined) => !a || b.ts > a.ts || (b.ts === a.ts && b.node > a.node);

function keep(store: Store, key: string, entry: Entry): Store {
  return wins(entry, store[key]) ? { ...store, [key]: entry } : store;
}

export function init(node: { id: string; nodeIds: string[] }): State {
  return { id: node.id, peers: node.nodeIds.filter((n) => n !== node.id), store: {} };
}

export function handle(s: State, m: Message, now: number) {
  const reply = (body: Record<string, unknown>) => ({ dest: m.src, body: { ...body, in_reply_to: m.body.msg_id } });
  const key = m.body.key ?? "";
  switch (m.body.type) {
    case "put":
      return { state: { ...s, store: keep(s.store, key, { value: m.body.value ?? "", ts: now, node: s.id }) }, send: [reply({ type: "put_ok" })] };
    case "get":
      return { state: s, send: [reply({ type: "get_ok", value: s.store[key]?.value ?? null })] };
    case "gossip":
      return { state: { ...s, store: Object.entries(m.body.store ?? {}).reduce((store, [k, e]) => keep(store, k, e), s.store) } };
    default:
      return { state: s };
  }
}

export function tick(s: State) {
  return { state: s, send: s.peers.map((dest) => ({ dest, body: { type: "gossip", store: s.store } })) };
}
