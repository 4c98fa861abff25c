// Spots the liar by its echo: a replica that answered twice is ignored, and the first other
// reply is believed — but a liar does not have to repeat itself.
type Reply = { replica: string; value: string | null; version: number };

export function vote(replies: Reply[]): { value: string | null; version: number } | null {
  const seen = new Map<string, number>();
  for (const r of replies) seen.set(r.replica, (seen.get(r.replica) ?? 0) + 1);
  const believable = replies.find((r) => seen.get(r.replica) === 1);
  return believable ? { value: believable.value, version: believable.version } : null;
}
