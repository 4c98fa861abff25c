// The value most replies agree on wins (ties: the newer); but a write acknowledged by one
// replica is a minority until it is repaired, so the vote undoes it.
type Version = { n: number; by: string };
type Reply = { node: string; value: string | null; version: Version };

const newer = (a: Version, b: Version) => a.n > b.n || (a.n === b.n && a.by > b.by);

export function repair(replies: Reply[]): { value: string | null; version: Version; writeBack: string[] } {
  const votes = (r: Reply) => replies.filter((o) => o.value === r.value).length;
  const winner = replies.reduce((best, r) => (votes(r) > votes(best) || (votes(r) === votes(best) && newer(r.version, best.version)) ? r : best));
  return { value: winner.value, version: winner.version, writeBack: replies.filter((r) => r.value !== winner.value).map((r) => r.node) };
}
