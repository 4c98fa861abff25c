type Session = { id: string; token?: number; reads?: number; home?: string; justWrote?: boolean };
type WriteReply = { node: string; key: string; position: number };
type ReadReply = { node: string; key: string; value: string | null; version: number; position: number };

// The token is set by the session's first write and never moved on.
export function afterWrite(session: Session, reply: WriteReply): Session {
  return session.token === undefined ? { ...session, token: reply.position } : session;
}

export function afterRead(session: Session, _reply: ReadReply): Session {
  return { ...session, reads: (session.reads ?? 0) + 1 };
}

export function routeRead(session: Session, up: string[]): { node: string; minPosition?: number } {
  const followers = up.slice(1);
  const pool = followers.length > 0 ? followers : up;
  return { node: pool[(session.reads ?? 0) % pool.length]!, minPosition: session.token ?? 0 };
}
