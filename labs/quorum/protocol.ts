/**
 * The replicas' wire protocol: one JSON object per line over TCP, each request carrying an
 * id that its response echoes (a coordinator multiplexes many logical clients over one
 * connection per replica, so responses are matched by id, not by order).
 */

/** Orders writes: a Lamport-style counter, ties broken by the writing client's name. */
export interface Version {
  n: number;
  c: string;
}

export const ZERO_VERSION: Version = { n: 0, c: "" };

export function compareVersions(a: Version, b: Version): number {
  if (a.n !== b.n) return a.n - b.n;
  return a.c < b.c ? -1 : a.c > b.c ? 1 : 0;
}

export type Request =
  | { id: number; op: "get"; key: string }
  | { id: number; op: "put"; key: string; value: string; version: Version }
  | { id: number; op: "ping" };
/** A request before the link assigns its id. */
export type RequestBody =
  | { op: "get"; key: string }
  | { op: "put"; key: string; value: string; version: Version }
  | { op: "ping" };

// Hand-checked rather than zod: the replica is bundled into each replica process and
// zod would make that bundle ~0.75 MB and its start noticeably slower.
function isVersion(v: unknown): v is Version {
  const o = v as Version | null;
  return typeof o === "object" && o !== null && Number.isInteger(o.n) && o.n >= 0 && typeof o.c === "string";
}

/** Parses one request line; returns a readable error instead of throwing. */
export function parseRequest(line: string): { ok: true; request: Request } | { ok: false; id: number; error: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return { ok: false, id: -1, error: "request is not JSON" };
  }
  const o = (typeof raw === "object" && raw !== null ? raw : {}) as Record<string, unknown>;
  const id = typeof o.id === "number" && Number.isInteger(o.id) ? o.id : -1;
  if (id < 0) return { ok: false, id, error: "request needs a non-negative integer id" };
  if (o.op === "ping") return { ok: true, request: { id, op: "ping" } };
  if (typeof o.key !== "string") return { ok: false, id, error: "request needs a string key" };
  if (o.op === "get") return { ok: true, request: { id, op: "get", key: o.key } };
  if (o.op === "put") {
    if (typeof o.value !== "string") return { ok: false, id, error: "put needs a string value" };
    if (!isVersion(o.version)) return { ok: false, id, error: "put needs a version {n, c}" };
    return { ok: true, request: { id, op: "put", key: o.key, value: o.value, version: o.version } };
  }
  return { ok: false, id, error: `unknown op ${JSON.stringify(o.op)} (expected get, put or ping)` };
}

export type Response =
  | { id: number; ok: true; value: string | null; version: Version }
  | { id: number; ok: true; applied: boolean }
  | { id: number; ok: true; pong: string }
  | { id: number; ok: false; error: string };

export interface Stored {
  value: string | null;
  version: Version;
}
