// Compares only the counter: two writes stamped with the same counter on either side of a
// partition look equal, so neither is written back and the replicas never agree.
type Version = { n: number; by: string };
type Reply = { node: string; value: string | null; version: Version };

export function repair(replies: Reply[]): { value: string | null; version: Version; writeBack: string[] } {
  const newest = replies.reduce((best, r) => (r.version.n > best.version.n ? r : best));
  return { value: newest.value, version: newest.version, writeBack: replies.filter((r) => r.version.n < newest.version.n).map((r) => r.node) };
}
