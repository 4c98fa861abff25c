// Fencing: remember the highest token seen on any request; refuse older ones. Equal passes —
// the holder reads, then writes, with the same token.
type Request = { kind: "read" | "write"; client: string; token: number };
type State = { highest: number } | null;

export function admit(state: State, request: Request): { ok: boolean; state: State } {
  const highest = state?.highest ?? 0;
  if (request.token < highest) return { ok: false, state: { highest } };
  return { ok: true, state: { highest: request.token } };
}
