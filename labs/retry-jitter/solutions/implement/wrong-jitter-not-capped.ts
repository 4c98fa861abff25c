type Config = { baseMs: number; capMs: number };

/** Full jitter, but the exponential delay is never capped: late waits run to several seconds. */
export function delay(k: number, previousMs: number, u: number, config: Config): number {
  return u * config.baseMs * 2 ** k;
}
