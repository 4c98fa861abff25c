// The chapter's first attempt: counts matching replies — so a traitor that answers twice
// vouches for its own lie.
type Reply = { replica: string; value: string | null; version: number };

export function vote(replies: Reply[], f: number): { value: string | null; version: number } | null {
  const counts: Record<string, number> = {};
  for (const r of replies) {
    const key = JSON.stringify([r.value, r.version]);
    counts[key] = (counts[key] ?? 0) + 1;
    if (counts[key]! >= f + 1) return { value: r.value, version: r.version };
  }
  return null;
}
