type Session = { id: string; token?: number; reads?: number; home?: string; justWrote?: boolean };
type WriteReply = { node: string; key: string; position: number };
type ReadReply = { node: string; key: string; value: string | null; version: number; position: number };

// The leader has every write, so read from it, always.
export function afterWrite(session: Session, _reply: WriteReply): Session {
  return session;
}

export function afterRead(session: Session, _reply: ReadReply): Session {
  return session;
}

export function routeRead(_session: Session, up: string[]): { node: string; minPosition?: number } {
  return { node: up[0]! };
}
