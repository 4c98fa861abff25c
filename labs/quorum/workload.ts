/**
 * The seeded workload: a few logical clients, each with one operation in flight, doing
 * get/put on a few keys through the coordinator; then the final reads (every client reads
 * every key once the system is healed and quiet).
 */
import type { Coordinator } from "./coordinator/quorum";
import type { HistoryRecorder } from "@/lib/history/recorder";
import { runClientLoops } from "@/lib/labs/clients";

export interface WorkloadOptions {
  coordinator: Coordinator;
  recorder: HistoryRecorder;
  clients: number;
  keys: readonly string[];
  /** A seeded generator per client (uniform in [0, 1)), so a client's op sequence does not
   * depend on how the clients interleave in time. */
  randomFor: (process: number) => () => number;
  /** Share of puts among operations. */
  putRatio: number;
  /** Pause between a client's operations, drawn from [0, maxThinkMs). */
  maxThinkMs: number;
  /** Clients stop starting operations once this resolves or the signal aborts. */
  until: Promise<void>;
  signal: AbortSignal;
}

export function clientName(process: number): string {
  return `c${process}`;
}

/** Runs one get through the coordinator and records invoke + completion (a failed get did nothing). */
export async function recordedGet(coordinator: Coordinator, recorder: HistoryRecorder, process: number, key: string): Promise<void> {
  await recorder.call({ process, f: "get", key }, async () => {
    const result = await coordinator.get(clientName(process), process, key);
    return result.ok ? { ok: true, value: result.value, node: result.node } : { ok: false, definite: true, error: result.error };
  });
}

/** Runs one put and records it; a put without its quorum is `info` (it may have landed). */
export async function recordedPut(coordinator: Coordinator, recorder: HistoryRecorder, process: number, key: string, value: string): Promise<void> {
  await recorder.call({ process, f: "put", key, value }, async () => {
    const result = await coordinator.put(clientName(process), process, key, value);
    return result.ok ? { ok: true, node: result.node } : { ok: false, definite: false, error: result.error };
  });
}

export async function runWorkload(options: WorkloadOptions): Promise<void> {
  const { coordinator, recorder, keys, putRatio } = options;
  await runClientLoops({
    ...options,
    step: async (process, rng, seq) => {
      const key = keys[Math.floor(rng() * keys.length)] as string;
      if (rng() < putRatio) await recordedPut(coordinator, recorder, process, key, `${clientName(process)}-${seq}`);
      else await recordedGet(coordinator, recorder, process, key);
    },
  });
}

export interface NotifyOptions {
  coordinator: Coordinator;
  recorder: HistoryRecorder;
  clients: number;
  keys: readonly string[];
  random: () => number;
  until: Promise<void>;
  signal: AbortSignal;
}

/**
 * Read-after-write rounds, as in an app where a client tells the others it wrote (a chat
 * message, a shared document): a seeded client puts a key, and once it is acknowledged
 * every client — the writer too — reads that key at the same moment. With W + R ≤ N one
 * of those reads can ask only replicas that have not applied the write yet.
 */
export async function runNotifyRounds(options: NotifyOptions): Promise<void> {
  const { coordinator, recorder, clients, keys, random, signal } = options;
  let stopped = false;
  void options.until.then(() => (stopped = true));
  for (let round = 0; !stopped && !signal.aborted; round++) {
    const writer = Math.floor(random() * clients);
    const key = keys[Math.floor(random() * keys.length)] as string;
    await recordedPut(coordinator, recorder, writer, key, `${clientName(writer)}-n${round}`);
    await Promise.all(Array.from({ length: clients }, (_, process) => recordedGet(coordinator, recorder, process, key)));
    await sleep(Math.floor(random() * 10));
  }
}

/** Every client reads every key, clients in parallel, each one key at a time. */
export async function finalReads(coordinator: Coordinator, recorder: HistoryRecorder, clients: number, keys: readonly string[]): Promise<void> {
  await Promise.all(
    Array.from({ length: clients }, async (_, process) => {
      for (const key of keys) await recordedGet(coordinator, recorder, process, key);
    }),
  );
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
