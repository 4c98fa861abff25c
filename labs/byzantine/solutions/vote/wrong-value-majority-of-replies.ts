// Plurality: once f + 1 replies are in, returns the most common answer among them — the
// traitor's doubled reply is the most common.
type Reply = { replica: string; value: string | null; version: number };

export function vote(replies: Reply[], f: number): { value: string | null; version: number } | null {
  if (replies.length < f + 1) return null;
  const counts = new Map<string, { reply: Reply; n: number }>();
  for (const r of replies) {
    const key = JSON.stringify([r.value, r.version]);
    const c = counts.get(key) ?? { reply: r, n: 0 };
    c.n++;
    counts.set(key, c);
  }
  const best = [...counts.values()].sort((a, b) => b.n - a.n)[0]!;
  return { value: best.reply.value, version: best.reply.version };
}
