// Compares the values themselves instead of their versions: "the larger value is the newer".
// A value says nothing about when it was written.
type Version = { n: number; by: string };
type Reply = { node: string; value: string | null; version: Version };

export function repair(replies: Reply[]): { value: string | null; version: Version; writeBack: string[] } {
  const newest = replies.reduce((best, r) => ((r.value ?? "") > (best.value ?? "") ? r : best));
  return { value: newest.value, version: newest.version, writeBack: replies.filter((r) => r.value !== newest.value).map((r) => r.node) };
}
