// Counts replicas that agree on the value, then takes the highest version any of them sent
// with it — a version the traitor made up.
type Reply = { replica: string; value: string | null; version: number };

export function vote(replies: Reply[], f: number): { value: string | null; version: number } | null {
  const vouchers = new Map<string | null, Set<string>>();
  for (const r of replies) {
    const who = vouchers.get(r.value) ?? new Set<string>();
    who.add(r.replica);
    vouchers.set(r.value, who);
    if (who.size >= f + 1) {
      const best = replies.filter((x) => x.value === r.value).reduce((a, b) => (b.version > a.version ? b : a));
      return { value: best.value, version: best.version };
    }
  }
  return null;
}
