// Checks that each client's own tokens never go backwards — but the sleeper's token is the
// newest it ever had.
type Request = { kind: "read" | "write"; client: string; token: number };
type State = Record<string, number> | null;

export function admit(state: State, request: Request): { ok: boolean; state: State } {
  const mine = state?.[request.client] ?? 0;
  if (request.token < mine) return { ok: false, state };
  return { ok: true, state: { ...state, [request.client]: request.token } };
}
