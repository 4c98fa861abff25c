/**
 * The workload's client loops: a few logical clients (Jepsen processes), each with at most
 * one operation in flight and its own seeded generator — so a client's sequence of
 * operations does not depend on how clients interleave in time — pausing a seeded think time
 * between operations, until `until` resolves or the run is aborted.
 */
export interface ClientLoopOptions {
  clients: number;
  /** A seeded generator per client, uniform in [0, 1). */
  randomFor: (process: number) => () => number;
  /** One operation of client `process`: its `seq`-th. */
  step: (process: number, random: () => number, seq: number) => Promise<void>;
  /** Pause after each operation, drawn from [0, maxThinkMs). */
  maxThinkMs: number;
  until: Promise<void>;
  signal: AbortSignal;
}

export async function runClientLoops(options: ClientLoopOptions): Promise<void> {
  let stopped = false;
  void options.until.then(() => (stopped = true));
  await Promise.all(
    Array.from({ length: options.clients }, async (_, process) => {
      const random = options.randomFor(process);
      for (let seq = 0; !stopped && !options.signal.aborted; seq++) {
        await options.step(process, random, seq);
        await new Promise((r) => setTimeout(r, Math.floor(random() * options.maxThinkMs)));
      }
    }),
  );
}
