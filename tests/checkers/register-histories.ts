import type { History, HistoryOp } from "@/lib/history/types";

/** Deterministic PRNG (mulberry32), so every generated history can be reproduced by seed. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface GeneratedOptions {
  seed: number;
  operations: number;
  clients: number;
  /** Share of writes that end `info` (half of those never take effect). */
  infoWrites?: number;
  /** Share of operations that `fail` (no effect). */
  failures?: number;
  /** "kv": get/put over `keys` keys with "" as the initial value. */
  model?: "register" | "kv";
  keys?: number;
}

interface Simulated {
  process: number;
  write: boolean;
  key: string;
  value: unknown;
  call: number;
  ret: number;
  point: number;
  outcome: "ok" | "info" | "fail";
  applies: boolean;
}

/**
 * A linearizable history of a register (or kv keys) whose writes write distinct values:
 * each client runs operations back to back, each takes effect at a random point inside its
 * interval, and reads return what the register held at that point.
 */
export function generateHistory(options: GeneratedOptions): History {
  return toHistory(simulate(options), options.model ?? "register");
}

/**
 * The same history with one read made stale: it returns a value written before a write that
 * completed before the read began. Returns the index of that read's invoke in the history.
 */
export function plantStaleRead(options: GeneratedOptions): { history: History; index: number } {
  const ops = simulate(options);
  const rand = random(options.seed ^ 0x5eed);
  const reads = ops.filter((op) => !op.write && op.outcome === "ok");
  const acknowledged = ops.filter((op) => op.write && op.outcome === "ok");
  for (let attempt = 0; attempt < 1000; attempt++) {
    const read = reads[Math.floor(reads.length * (0.3 + 0.5 * rand()))]!;
    const sameKey = acknowledged.filter((w) => w.key === read.key);
    const newer = sameKey.filter((w) => w.ret < read.call).sort((a, b) => b.ret - a.ret)[0];
    if (!newer) continue;
    const older = sameKey.filter((w) => w.ret < newer.call).sort((a, b) => b.ret - a.ret)[0];
    read.value = older ? older.value : null;
    const history = toHistory(ops, options.model ?? "register");
    const index = history.findIndex(
      (e) => e.type === "invoke" && e.process === read.process && e.time === read.call,
    );
    return { history, index };
  }
  throw new Error("no read to make stale");
}

function simulate(options: GeneratedOptions): Simulated[] {
  const rand = random(options.seed);
  const kv = options.model === "kv";
  const keys = options.keys ?? 1;
  const ops: Simulated[] = [];
  const clock = Array.from({ length: options.clients }, () => rand() * 5);
  const nextProcess = Array.from({ length: options.clients }, (_, c) => c);
  let written = 0;
  for (let n = 0; n < options.operations; n++) {
    const c = Math.floor(rand() * options.clients);
    const call = clock[c]! + rand() * 3;
    const ret = call + 0.5 + rand() * 10;
    const write = rand() < 0.4;
    const roll = rand();
    const outcome =
      roll < (options.failures ?? 0)
        ? "fail"
        : write && roll < (options.failures ?? 0) + (options.infoWrites ?? 0)
          ? "info"
          : "ok";
    const key = kv ? String(Math.floor(rand() * keys)) : "";
    ops.push({
      process: nextProcess[c]!,
      write,
      key,
      value: write ? (kv ? `v${++written}` : ++written) : undefined,
      call,
      ret,
      point: call + rand() * (ret - call),
      outcome,
      applies: outcome === "ok" || (outcome === "info" && rand() < 0.5),
    });
    clock[c] = ret;
    // A client whose call timed out continues under a new process id, as in Jepsen.
    if (outcome === "info") nextProcess[c]! += options.clients;
  }
  const current = new Map<string, unknown>();
  for (const op of [...ops].sort((a, b) => a.point - b.point)) {
    if (op.write && op.applies) current.set(op.key, op.value);
    else if (!op.write) op.value = current.get(op.key) ?? (kv ? "" : null);
  }
  return ops;
}

function toHistory(ops: Simulated[], model: "register" | "kv"): History {
  const events: HistoryOp[] = [];
  for (const op of ops) {
    const f = model === "kv" ? (op.write ? "put" : "get") : op.write ? "write" : "read";
    const key = model === "kv" ? { key: op.key } : {};
    events.push({
      process: op.process,
      type: "invoke",
      f,
      ...key,
      time: op.call,
      ...(op.write ? { value: op.value } : {}),
    });
    const value = op.write || op.outcome === "ok" ? { value: op.value } : {};
    events.push({ process: op.process, type: op.outcome, f, ...key, time: op.ret, ...value });
  }
  return events.sort((a, b) => a.time! - b.time!);
}
