// Waits for two different replicas, then returns the highest version seen, as a quorum read
// would — but a version is just a number a traitor can make up.
type Reply = { replica: string; value: string | null; version: number };

export function vote(replies: Reply[], f: number): { value: string | null; version: number } | null {
  const replicas = new Set(replies.map((r) => r.replica));
  if (replicas.size < f + 1) return null;
  const best = replies.reduce((a, b) => (b.version > a.version ? b : a));
  return { value: best.value, version: best.version };
}
