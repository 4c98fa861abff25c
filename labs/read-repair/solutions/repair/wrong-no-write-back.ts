// Returns the newest reply but never writes it back: the read looks right, and the stale
// replicas stay stale for ever, since nothing else repairs them.
type Version = { n: number; by: string };
type Reply = { node: string; value: string | null; version: Version };

const newer = (a: Version, b: Version) => a.n > b.n || (a.n === b.n && a.by > b.by);

export function repair(replies: Reply[]): { value: string | null; version: Version; writeBack: string[] } {
  const newest = replies.reduce((best, r) => (newer(r.version, best.version) ? r : best));
  return { value: newest.value, version: newest.version, writeBack: [] };
}
