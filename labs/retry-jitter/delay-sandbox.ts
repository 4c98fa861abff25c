/** The student's `delay` (or one of the lab's strategies) run in the QuickJS sandbox, in the lab's process, once per retry. */
import { createSandbox, type SandboxOptions } from "@/lib/sandbox";
import type { DelayFn } from "./settings";

/** A few thousand calls per run at most (the retry budget stops more); each must be quick. */
export const SANDBOX_LIMITS: SandboxOptions = { exports: ["delay"], callTimeoutMs: 50, totalTimeMs: 3_000 };

/** Loads the code (a compile error or a missing export is thrown in the student's words). */
export async function sandboxedDelay(code: string): Promise<{ delay: DelayFn; dispose(): void }> {
  const box = await createSandbox(code, SANDBOX_LIMITS);
  return { delay: (k, previousMs, u, config) => box.call("delay", k, previousMs, u, config) as number, dispose: () => box.dispose() };
}
