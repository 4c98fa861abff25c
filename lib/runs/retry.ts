/**
 * Retries a database write that may fail transiently (Postgres restarting, a dropped
 * connection, a full pool). 6 tries, 0.3 s doubling to 4.8 s: ~9 s of waiting in all, which
 * rides out a short blip without holding a finished run for long. The writes it wraps are
 * idempotent (conditional updates, inserts that skip duplicates), so a retry after a write
 * that did land but whose reply was lost is harmless.
 */
export interface RetryOptions {
  tries?: number;
  firstDelayMs?: number;
  /** Called before each wait: log it with the run id. */
  onRetry?: (err: Error, attempt: number, delayMs: number) => void;
  sleep?: (ms: number) => Promise<void>;
}

export const DB_RETRY = { tries: 6, firstDelayMs: 300 } as const;

/** A mistake in the query itself: retrying cannot help. */
const permanent = (err: Error) => err.name === "PrismaClientValidationError";

const wait = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function withRetry<T>(fn: () => Promise<T>, opts: RetryOptions = {}): Promise<T> {
  const tries = opts.tries ?? DB_RETRY.tries;
  let delay = opts.firstDelayMs ?? DB_RETRY.firstDelayMs;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (attempt >= tries || permanent(err as Error)) throw err;
      opts.onRetry?.(err as Error, attempt, delay);
      await (opts.sleep ?? wait)(delay);
      delay *= 2;
    }
  }
}
