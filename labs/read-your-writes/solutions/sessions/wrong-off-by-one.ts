type Session = { id: string; token?: number; reads?: number; home?: string; justWrote?: boolean };
type WriteReply = { node: string; key: string; position: number };
type ReadReply = { node: string; key: string; value: string | null; version: number; position: number };

// "Everything before my write": minPosition one short of the write's position.
export function afterWrite(session: Session, reply: WriteReply): Session {
  return { ...session, token: Math.max(session.token ?? 0, reply.position - 1) };
}

export function afterRead(session: Session, reply: ReadReply): Session {
  return { ...session, token: Math.max(session.token ?? 0, reply.position - 1), reads: (session.reads ?? 0) + 1 };
}

export function routeRead(session: Session, up: string[]): { node: string; minPosition?: number } {
  const followers = up.slice(1);
  const pool = followers.length > 0 ? followers : up;
  return { node: pool[(session.reads ?? 0) % pool.length]!, minPosition: session.token ?? 0 };
}
