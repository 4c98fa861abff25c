// Trusts the first reply (the coordinator's own copy) and pushes it onto every replica that
// differs: a stale coordinator overwrites fresh replicas.
type Version = { n: number; by: string };
type Reply = { node: string; value: string | null; version: Version };

export function repair(replies: Reply[]): { value: string | null; version: Version; writeBack: string[] } {
  const first = replies[0]!;
  const differs = (r: Reply) => r.version.n !== first.version.n || r.version.by !== first.version.by;
  return { value: first.value, version: first.version, writeBack: replies.filter(differs).map((r) => r.node) };
}
