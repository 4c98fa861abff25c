// Picks one replica to believe (n1, "the primary") and waits for it — but n1 may be the
// traitor, and when it is honest it is sometimes the slow one.
type Reply = { replica: string; value: string | null; version: number };

export function vote(replies: Reply[]): { value: string | null; version: number } | null {
  const primary = replies.find((r) => r.replica === "n1");
  return primary ? { value: primary.value, version: primary.version } : null;
}
