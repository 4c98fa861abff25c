type Session = { id: string; token?: number; reads?: number; home?: string; justWrote?: boolean };
type WriteReply = { node: string; key: string; position: number };
type ReadReply = { node: string; key: string; value: string | null; version: number; position: number };

// Sticky sessions: each session keeps to one follower (moved when it is down), no token.
export function afterWrite(session: Session, _reply: WriteReply): Session {
  return session;
}

export function afterRead(session: Session, reply: ReadReply): Session {
  return { ...session, home: reply.node };
}

export function routeRead(session: Session, up: string[]): { node: string; minPosition?: number } {
  const followers = up.slice(1);
  if (session.home && followers.includes(session.home)) return { node: session.home };
  return { node: followers[session.id.length % followers.length] ?? up[0]! };
}
