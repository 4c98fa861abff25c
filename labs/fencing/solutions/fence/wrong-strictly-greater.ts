// Off by one: a token must be strictly greater than the highest seen — so the holder's write,
// with the token of its own read, is refused.
type Request = { kind: "read" | "write"; client: string; token: number };
type State = { highest: number } | null;

export function admit(state: State, request: Request): { ok: boolean; state: State } {
  const highest = state?.highest ?? 0;
  if (request.token <= highest) return { ok: false, state: { highest } };
  return { ok: true, state: { highest: request.token } };
}
