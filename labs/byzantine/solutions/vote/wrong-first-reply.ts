// Trusts whoever answers first — the traitor, which never waits.
type Reply = { replica: string; value: string | null; version: number };

export function vote(replies: Reply[]): { value: string | null; version: number } | null {
  const first = replies[0];
  return first ? { value: first.value, version: first.version } : null;
}
