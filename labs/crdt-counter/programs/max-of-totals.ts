/**
 * The predict task's system: a teammate's counter that keeps ONE total per replica and
 * merges by taking the larger total. Looks plausible, converges, and loses adds.
 */
type State = { id: string; peers: string[]; total: number };
type Message = { src: string; body: { type: string; msg_id?: number; delta?: number; total?: number } };

export function init(node: { id: string; nodeIds: string[] }): State {
  return { id: node.id, peers: node.nodeIds.filter((n) => n !== node.id), total: 0 };
}

export function handle(s: State, m: Message) {
  const reply = (body: Record<string, unknown>) => ({ dest: m.src, body: { ...body, in_reply_to: m.body.msg_id } });
  if (m.body.type === "add") return { state: { ...s, total: s.total + (m.body.delta ?? 0) }, send: [reply({ type: "add_ok" })] };
  if (m.body.type === "read") return { state: s, send: [reply({ type: "read_ok", value: s.total })] };
  if (m.body.type === "gossip") return { state: { ...s, total: Math.max(s.total, m.body.total ?? 0) } };
  return { state: s };
}

export function tick(s: State) {
  return { state: s, send: s.peers.map((dest) => ({ dest, body: { type: "gossip", total: s.total } })) };
}
