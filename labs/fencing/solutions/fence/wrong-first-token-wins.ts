// Pins the storage to the first holder it sees: every later token is "someone else".
type Request = { kind: "read" | "write"; client: string; token: number };
type State = { owner: number } | null;

export function admit(state: State, request: Request): { ok: boolean; state: State } {
  if (!state) return { ok: true, state: { owner: request.token } };
  return { ok: request.token === state.owner, state };
}
