// Writes the newest back to every replica in the quorum, fresh ones too: wasteful (a write
// per replica per read), but a write-back of the newest version never hurts.
type Version = { n: number; by: string };
type Reply = { node: string; value: string | null; version: Version };

export function repair(replies: Reply[]): { value: string | null; version: Version; writeBack: string[] } {
  const sorted = [...replies].sort((a, b) => b.version.n - a.version.n || (b.version.by > a.version.by ? 1 : b.version.by < a.version.by ? -1 : 0));
  const newest = sorted[0]!;
  return { value: newest.value, version: newest.version, writeBack: replies.map((r) => r.node) };
}
