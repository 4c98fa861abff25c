// Remembers "BFT needs 2f + 1" and asks 2f + 1 replicas to agree: waits for the slow one.
type Reply = { replica: string; value: string | null; version: number };

export function vote(replies: Reply[], f: number): { value: string | null; version: number } | null {
  const vouchers = new Map<string, Set<string>>();
  for (const r of replies) {
    const key = JSON.stringify([r.value, r.version]);
    const who = vouchers.get(key) ?? new Set<string>();
    who.add(r.replica);
    vouchers.set(key, who);
    if (who.size >= 2 * f + 1) return { value: r.value, version: r.version };
  }
  return null;
}
