type Config = { baseMs: number; capMs: number };

/** Full jitter: a wait drawn uniformly from [0, d), with d the capped exponential delay of retry k. */
export function delay(k: number, previousMs: number, u: number, config: Config): number {
  const exponential = Math.min(config.capMs, config.baseMs * 2 ** k);
  return u * exponential;
}
