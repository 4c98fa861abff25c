/**
 * One entry of a Jepsen-style history. Every client operation is recorded twice: an
 * `invoke` when the client sends it and a completion (`ok`, `fail` or `info`) when it
 * learns the outcome. `info` means the outcome is unknown (it may or may not have taken
 * effect); `fail` means it certainly did not — except a failed `cas`, which observed that
 * the compare did not match (Porcupine's etcd model).
 */
export type OpType = "invoke" | "ok" | "fail" | "info";

export type OpFunction = "read" | "write" | "cas" | "get" | "put" | "append" | (string & {});

export interface HistoryOp {
  /** Logical client id; a process has at most one operation in flight. */
  process: number;
  type: OpType;
  f: OpFunction;
  key?: string;
  /** write: the value; cas: [from, to]; read/get ok: the value observed (null = absent). */
  value?: unknown;
  /** Milliseconds since the run started (monotonic). */
  time?: number;
  /** Which node served it, when known. */
  node?: string;
  /** Free-form detail (e.g. the error a failed call saw). */
  error?: string;
}

export type History = HistoryOp[];
