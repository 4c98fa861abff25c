// Breaks equal counters the wrong way (the smaller replica id wins): every replica agrees
// on an order, but not the store's, so it overwrites the write the store ranks newest.
type Version = { n: number; by: string };
type Reply = { node: string; value: string | null; version: Version };

const newer = (a: Version, b: Version) => a.n > b.n || (a.n === b.n && a.by < b.by);

export function repair(replies: Reply[]): { value: string | null; version: Version; writeBack: string[] } {
  const newest = replies.reduce((best, r) => (newer(r.version, best.version) ? r : best));
  return { value: newest.value, version: newest.version, writeBack: replies.filter((r) => newer(newest.version, r.version)).map((r) => r.node) };
}
