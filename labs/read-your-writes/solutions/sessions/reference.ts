type Session = { id: string; token?: number; reads?: number };
type WriteReply = { node: string; key: string; position: number };
type ReadReply = { node: string; key: string; value: string | null; version: number; position: number };

// The token: the newest log position this session has seen, by writing or by reading.
export function afterWrite(session: Session, reply: WriteReply): Session {
  return { ...session, token: Math.max(session.token ?? 0, reply.position) };
}

export function afterRead(session: Session, reply: ReadReply): Session {
  return { ...session, token: Math.max(session.token ?? 0, reply.position), reads: (session.reads ?? 0) + 1 };
}

// Followers in turn (the leader only when none is up); the follower waits for the token.
export function routeRead(session: Session, up: string[]): { node: string; minPosition?: number } {
  const followers = up.slice(1);
  const pool = followers.length > 0 ? followers : up;
  return { node: pool[(session.reads ?? 0) % pool.length]!, minPosition: session.token ?? 0 };
}
