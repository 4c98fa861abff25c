type Config = { baseMs: number; capMs: number };

/** Full jitter with the exponent one higher (the first retry already waits up to 2 × base): still spread, capped and within budget. */
export function delay(k: number, previousMs: number, u: number, config: Config): number {
  const attempt = k + 1;
  return u * Math.min(config.capMs, config.baseMs * 2 ** attempt);
}
