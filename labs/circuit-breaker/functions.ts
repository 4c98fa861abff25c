/** The two breakers a run can hold: the statement's (the reference solution, in-process) and the student's (in the sandbox). */
import { createSandbox, type SandboxOptions } from "@/lib/sandbox";
import type { BreakerFunctions } from "./breaker";
import * as reference from "./solutions/implement/reference";

export const REFERENCE: BreakerFunctions = reference as unknown as BreakerFunctions;

export const SANDBOX_LIMITS: SandboxOptions = { exports: ["onRequest", "onResult"], callTimeoutMs: 200, totalTimeMs: 5_000 };

/** Loads the student's code (a compile error or a missing export is thrown in their words). */
export async function sandboxedFunctions(code: string): Promise<{ fns: BreakerFunctions; dispose(): void }> {
  const box = await createSandbox(code, SANDBOX_LIMITS);
  return {
    fns: {
      onRequest: (state, now, config) => box.call("onRequest", state, now, config),
      onResult: (state, now, result, config) => box.call("onResult", state, now, result, config),
    },
    dispose: () => box.dispose(),
  };
}
