// Finds the newest, but writes it back only to the replica that answered first (the
// coordinator itself): the other stale replicas in the quorum are left as they were.
type Version = { n: number; by: string };
type Reply = { node: string; value: string | null; version: Version };

const newer = (a: Version, b: Version) => a.n > b.n || (a.n === b.n && a.by > b.by);

export function repair(replies: Reply[]): { value: string | null; version: Version; writeBack: string[] } {
  const newest = replies.reduce((best, r) => (newer(r.version, best.version) ? r : best));
  const first = replies[0]!;
  return { value: newest.value, version: newest.version, writeBack: newer(newest.version, first.version) ? [first.node] : [] };
}
