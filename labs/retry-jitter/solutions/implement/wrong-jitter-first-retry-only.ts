type Config = { baseMs: number; capMs: number };

/** Jitter on the first retry only, "to break the tie": the clients stay within base ms of each other ever after. */
export function delay(k: number, previousMs: number, u: number, config: Config): number {
  if (k === 0) return u * config.baseMs;
  return Math.min(config.capMs, config.baseMs * 2 ** k);
}
