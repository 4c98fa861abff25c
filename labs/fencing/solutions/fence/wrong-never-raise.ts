// Compares with the highest token but forgets to remember the new one.
type Request = { kind: "read" | "write"; client: string; token: number };
type State = { highest: number } | null;

export function admit(state: State, request: Request): { ok: boolean; state: State } {
  const highest = state?.highest ?? 0;
  return { ok: request.token >= highest, state: { highest } };
}
