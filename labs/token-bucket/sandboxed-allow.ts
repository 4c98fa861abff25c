import { z } from "zod";
import { LabFailure } from "@/lib/labs/errors";
import { boundJson, type Sandbox, type SandboxOptions } from "@/lib/sandbox";
import type { AllowFn } from "./limiters";

export const SANDBOX_LIMITS: SandboxOptions = {
  exports: ["allow"],
  callTimeoutMs: 200,
  totalTimeMs: 10_000,
};

/** A bucket needs two numbers; a state past this is a log that grows with every request. */
export const MAX_STATE_BYTES = 400;
/** How much of a wrong return value a diagnosis quotes. */
const QUOTED_CHARS = 300;

const resultSchema = z.object({ allowed: z.boolean(), state: z.json() });

/** The student's allow() behind the AllowFn the limiter calls, checking what it returns. */
export function sandboxedAllow(box: Sandbox): AllowFn {
  let calls = 0;
  return (state, now, cost, config) => {
    calls++;
    const result = box.call("allow", state, now, cost, config);
    const parsed = resultSchema.safeParse(result);
    if (!parsed.success || parsed.data.state === undefined) {
      throw new LabFailure(
        `allow() must return { allowed: boolean, state }, but it returned ${boundJson(result, QUOTED_CHARS)}.`,
        "Return an object with a boolean `allowed` and the `state` to keep for next time.",
      );
    }
    const bytes = JSON.stringify(parsed.data.state).length;
    if (bytes > MAX_STATE_BYTES)
      throw new LabFailure(
        `Your state grows without bound: after ${calls} calls allow() returned ${bytes} bytes of state (the limit is ${MAX_STATE_BYTES}). It keeps a record per request, and Redis would hold one per request for every user.`,
        "A token bucket needs two numbers: the tokens left and when you last counted them.",
        { stateBytes: bytes, calls },
      );
    return { allowed: parsed.data.allowed, state: parsed.data.state };
  };
}
