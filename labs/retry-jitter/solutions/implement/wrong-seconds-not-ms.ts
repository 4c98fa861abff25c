type Config = { baseMs: number; capMs: number };

/** Full jitter computed right, then turned into seconds — as if the wait were for a sleep(seconds) call. */
export function delay(k: number, previousMs: number, u: number, config: Config): number {
  return (u * Math.min(config.capMs, config.baseMs * 2 ** k)) / 1000;
}
