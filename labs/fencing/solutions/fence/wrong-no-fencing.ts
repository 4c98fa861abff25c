// Trusts the lease: the client checked it, so the storage admits everything.
type Request = { kind: "read" | "write"; client: string; token: number };

export function admit(state: unknown, _request: Request): { ok: boolean; state: unknown } {
  return { ok: true, state };
}
