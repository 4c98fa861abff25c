/** One short line per set-up stage, and one-line errors that name the fix. */

/** A problem the user can fix; printed as one line without a stack trace. */
export class SetupError extends Error {}

export async function stage<T>(name: string, fn: () => Promise<T>, describe?: (value: T) => string): Promise<T> {
  const started = Date.now();
  const value = await fn();
  const extra = describe ? ` — ${describe(value)}` : "";
  console.log(`› ${name}${extra} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return value;
}

/** Runs a set-up entry point: SetupErrors become one line and exit code 1. */
export function main(fn: () => Promise<number | void>): void {
  fn().then(
    (code) => {
      if (typeof code === "number") process.exitCode = code;
    },
    (error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      console.error(`✖ ${message}`);
      if (!(error instanceof SetupError) && process.env.FAULTLINE_DEBUG) console.error(error);
      process.exit(1);
    },
  );
}
