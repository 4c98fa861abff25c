// Waits for a majority of all replicas to agree — safe, but a slow replica and a liar leave
// only two honest replies of four, and two is not a majority.
type Reply = { replica: string; value: string | null; version: number };
const N = 4;

export function vote(replies: Reply[]): { value: string | null; version: number } | null {
  const vouchers = new Map<string, Set<string>>();
  for (const r of replies) {
    const key = JSON.stringify([r.value, r.version]);
    const who = vouchers.get(key) ?? new Set<string>();
    who.add(r.replica);
    vouchers.set(key, who);
    if (who.size > N / 2) return { value: r.value, version: r.version };
  }
  return null;
}
