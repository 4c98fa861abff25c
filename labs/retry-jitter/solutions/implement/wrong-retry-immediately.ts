type Config = { baseMs: number; capMs: number };

/** Retry at once: the outage is short, isn't it? */
export function delay(k: number, previousMs: number, u: number, config: Config): number {
  return 0;
}
