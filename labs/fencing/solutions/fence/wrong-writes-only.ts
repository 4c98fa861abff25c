// Fences writes and remembers only written tokens: the new holder's read does not raise the
// bar, so the sleeper's write slips in between the new holder's read and write.
type Request = { kind: "read" | "write"; client: string; token: number };
type State = { highest: number } | null;

export function admit(state: State, request: Request): { ok: boolean; state: State } {
  const highest = state?.highest ?? 0;
  if (request.kind === "read") return { ok: true, state: { highest } };
  if (request.token < highest) return { ok: false, state: { highest } };
  return { ok: true, state: { highest: request.token } };
}
