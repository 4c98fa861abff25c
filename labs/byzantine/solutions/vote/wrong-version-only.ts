// Versions name writes, so it counts replicas that agree on the version — and returns the
// reply that completed the count, whatever value it carries.
type Reply = { replica: string; value: string | null; version: number };

export function vote(replies: Reply[], f: number): { value: string | null; version: number } | null {
  const vouchers = new Map<number, Set<string>>();
  for (const r of replies) {
    const who = vouchers.get(r.version) ?? new Set<string>();
    who.add(r.replica);
    vouchers.set(r.version, who);
    if (who.size >= f + 1) return { value: r.value, version: r.version };
  }
  return null;
}
