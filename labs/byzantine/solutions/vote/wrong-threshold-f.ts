// Off by one: f matching replicas instead of f + 1 — with f = 1, one replica (maybe the liar) is enough.
type Reply = { replica: string; value: string | null; version: number };

export function vote(replies: Reply[], f: number): { value: string | null; version: number } | null {
  const vouchers = new Map<string, Set<string>>();
  for (const r of replies) {
    const key = JSON.stringify([r.value, r.version]);
    const who = vouchers.get(key) ?? new Set<string>();
    who.add(r.replica);
    vouchers.set(key, who);
    if (who.size >= f) return { value: r.value, version: r.version };
  }
  return null;
}
