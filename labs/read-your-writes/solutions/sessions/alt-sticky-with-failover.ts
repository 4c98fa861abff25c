type Session = { id: string; token?: number; home?: string };
type WriteReply = { node: string; key: string; position: number };
type ReadReply = { node: string; key: string; value: string | null; version: number; position: number };

export function afterWrite(session: Session, reply: WriteReply): Session {
  return { ...session, token: Math.max(session.token ?? 0, reply.position) };
}

export function afterRead(session: Session, reply: ReadReply): Session {
  return { ...session, home: reply.node, token: Math.max(session.token ?? 0, reply.position) };
}

function hash(id: string): number {
  let h = 0;
  for (const ch of id) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return h;
}

// Sticky to one follower while it is up; moved to another up follower when it is not. The token keeps the guarantee across the move.
export function routeRead(session: Session, up: string[]): { node: string; minPosition?: number } {
  const followers = up.slice(1);
  if (followers.length === 0) return { node: up[0]!, minPosition: session.token };
  const home = session.home && followers.includes(session.home) ? session.home : followers[hash(session.id) % followers.length]!;
  return { node: home, minPosition: session.token };
}
