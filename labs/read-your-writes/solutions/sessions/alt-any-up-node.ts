type Session = { id: string; token?: number; n?: number };
type WriteReply = { node: string; key: string; position: number };
type ReadReply = { node: string; key: string; value: string | null; version: number; position: number };

// Token from the versions seen (the write's position, or the version a read returned).
export function afterWrite(session: Session, reply: WriteReply): Session {
  return { ...session, token: Math.max(session.token ?? 0, reply.position) };
}

export function afterRead(session: Session, reply: ReadReply): Session {
  return { ...session, token: Math.max(session.token ?? 0, reply.version), n: (session.n ?? 0) + 1 };
}

// Every up node in turn, the leader included.
export function routeRead(session: Session, up: string[]): { node: string; minPosition?: number } {
  return { node: up[(session.n ?? 0) % up.length]!, minPosition: session.token };
}
