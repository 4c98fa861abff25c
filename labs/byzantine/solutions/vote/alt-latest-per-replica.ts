// Keeps only each replica's latest reply, then looks for f + 1 replicas that agree.
type Reply = { replica: string; value: string | null; version: number };

export function vote(replies: Reply[], f: number): { value: string | null; version: number } | null {
  const latest: Record<string, Reply> = {};
  for (const r of replies) latest[r.replica] = r;
  const mine = Object.values(latest);
  for (const candidate of mine) {
    const agree = mine.filter((r) => r.value === candidate.value && r.version === candidate.version);
    if (agree.length >= f + 1) return { value: candidate.value, version: candidate.version };
  }
  return null;
}
