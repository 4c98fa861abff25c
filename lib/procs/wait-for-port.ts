import { connect } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";

export interface WaitForPortOptions {
  host?: string;
  signal?: AbortSignal;
  /** Delay between attempts; default 25 ms. */
  intervalMs?: number;
}

function tryConnect(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1_000, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

/** Resolves once something accepts TCP connections on `port`; rejects after `timeoutMs`. */
export async function waitForPort(port: number, timeoutMs: number, options: WaitForPortOptions = {}): Promise<void> {
  const { host = "127.0.0.1", signal, intervalMs = 25 } = options;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    signal?.throwIfAborted();
    if (await tryConnect(port, host)) return;
    if (Date.now() >= deadline) {
      throw new Error(`waitForPort: nothing accepted connections on ${host}:${port} within ${timeoutMs} ms (did the process start and bind that port?)`);
    }
    await sleep(intervalMs, undefined, { signal }).catch(() => undefined);
  }
}
