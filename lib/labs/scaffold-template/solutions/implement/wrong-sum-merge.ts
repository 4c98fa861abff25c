// Merges gossip by adding what the peer reports: every repeated gossip counts the same
// adds again, so the total keeps growing.
type State = { id: string; peers: string[]; counts: Record<string, number> };
type Message = { src: string; body: { type: string; msg_id?: number; delta?: number; counts?: Record<string, number> } };

const total = (s: State) => Object.values(s.counts).reduce((a, b) => a + b, 0);

export function init(node: { id: string; nodeIds: string[] }): State {
  return { id: node.id, peers: node.nodeIds.filter((n) => n !== node.id), counts: {} };
}

export function handle(s: State, m: Message) {
  const reply = (body: Record<string, unknown>) => ({ dest: m.src, body: { ...body, in_reply_to: m.body.msg_id } });
  if (m.body.type === "add") {
    const counts = { ...s.counts, [s.id]: (s.counts[s.id] ?? 0) + (m.body.delta ?? 0) };
    return { state: { ...s, counts }, send: [reply({ type: "add_ok" })] };
  }
  if (m.body.type === "read") return { state: s, send: [reply({ type: "read_ok", value: total(s) })] };
  if (m.body.type === "gossip") {
    const counts = { ...s.counts };
    for (const [node, n] of Object.entries(m.body.counts ?? {})) counts[node] = (counts[node] ?? 0) + n;
    return { state: { ...s, counts } };
  }
  return { state: s };
}

export function tick(s: State) {
  return { state: s, send: s.peers.map((dest) => ({ dest, body: { type: "gossip", counts: s.counts } })) };
}
