type Session = { id: string; token?: number; reads?: number; home?: string; justWrote?: boolean };
type WriteReply = { node: string; key: string; position: number };
type ReadReply = { node: string; key: string; value: string | null; version: number; position: number };

// A token, and each session pinned to one follower for good.
const FOLLOWERS = ["n2", "n3"];

export function afterWrite(session: Session, reply: WriteReply): Session {
  return { ...session, token: Math.max(session.token ?? 0, reply.position) };
}

export function afterRead(session: Session, reply: ReadReply): Session {
  return { ...session, token: Math.max(session.token ?? 0, reply.position) };
}

export function routeRead(session: Session, _up: string[]): { node: string; minPosition?: number } {
  let h = 0;
  for (const ch of session.id) h += ch.charCodeAt(0);
  return { node: FOLLOWERS[h % FOLLOWERS.length]!, minPosition: session.token ?? 0 };
}
