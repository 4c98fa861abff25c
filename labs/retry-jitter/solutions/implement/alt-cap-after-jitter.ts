type Config = { baseMs: number; capMs: number };

/** Jitter first, cap after: late in the outage most waits are exactly the cap, but each client keeps the phase its earlier random waits gave it. */
export function delay(k: number, previousMs: number, u: number, config: Config): number {
  return Math.min(config.capMs, u * config.baseMs * 2 ** k);
}
