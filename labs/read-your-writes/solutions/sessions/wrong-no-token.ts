type Session = { id: string; token?: number; reads?: number; home?: string; justWrote?: boolean };
type WriteReply = { node: string; key: string; position: number };
type ReadReply = { node: string; key: string; value: string | null; version: number; position: number };

// Spread reads over every up node; no token at all.
export function afterWrite(session: Session, _reply: WriteReply): Session {
  return session;
}

export function afterRead(session: Session, _reply: ReadReply): Session {
  return { ...session, reads: (session.reads ?? 0) + 1 };
}

export function routeRead(session: Session, up: string[]): { node: string; minPosition?: number } {
  return { node: up[(session.reads ?? 0) % up.length]! };
}
