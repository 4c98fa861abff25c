// Counts replicas, not replies: a value is returned once f + 1 different replicas sent the
// same value and version — with at most f traitors, one of them is honest.
type Reply = { replica: string; value: string | null; version: number };

export function vote(replies: Reply[], f: number): { value: string | null; version: number } | null {
  const vouchers = new Map<string, Set<string>>();
  for (const r of replies) {
    const key = JSON.stringify([r.value, r.version]);
    const who = vouchers.get(key) ?? new Set<string>();
    who.add(r.replica);
    vouchers.set(key, who);
    if (who.size >= f + 1) return { value: r.value, version: r.version };
  }
  return null;
}
