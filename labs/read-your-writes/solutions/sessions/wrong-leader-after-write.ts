type Session = { id: string; token?: number; reads?: number; home?: string; justWrote?: boolean };
type WriteReply = { node: string; key: string; position: number };
type ReadReply = { node: string; key: string; value: string | null; version: number; position: number };

// The usual patch: the read right after a write goes to the leader, the others anywhere, no token.
export function afterWrite(session: Session, _reply: WriteReply): Session {
  return { ...session, justWrote: true };
}

export function afterRead(session: Session, _reply: ReadReply): Session {
  return { ...session, justWrote: false, reads: (session.reads ?? 0) + 1 };
}

export function routeRead(session: Session, up: string[]): { node: string; minPosition?: number } {
  if (session.justWrote) return { node: up[0]! };
  const followers = up.slice(1);
  return { node: followers[(session.reads ?? 0) % followers.length] ?? up[0]! };
}
