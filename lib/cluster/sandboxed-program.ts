/**
 * A student's node program: their TypeScript in the QuickJS sandbox (lib/sandbox), called
 * with JSON values only. Every call has the sandbox's CPU and memory limits; a step that
 * loops, recurses or allocates without bound fails with the sandbox's own message. A limit
 * leaves a sandbox unusable, so the program is loaded again in a fresh one (the node's state
 * is held outside it, so nothing is lost) — a few times, then the node stops running it.
 */
import { createSandbox, SandboxLimitError, type Sandbox } from "@/lib/sandbox";
import type { Message } from "./message";
import { checkStep, StepError, type NodeInit, type NodeProgram, type Step } from "./node-program";

export const NODE_PROGRAM_EXPORTS = ["init", "handle", "tick"];
/** How often one node reloads a program that hit a limit before giving up on it. */
export const MAX_RELOADS = 3;

export interface SandboxedProgramLimits {
  callTimeoutMs?: number;
  memoryLimitBytes?: number;
  /** CPU for the whole run, all steps together (per sandbox). */
  totalTimeMs?: number;
}

export async function sandboxedProgram(code: string, limits: SandboxedProgramLimits = {}): Promise<NodeProgram & { dispose(): void }> {
  const load = () =>
    createSandbox(code, {
      exports: NODE_PROGRAM_EXPORTS,
      callTimeoutMs: limits.callTimeoutMs ?? 100,
      memoryLimitBytes: limits.memoryLimitBytes ?? 16 * 1024 * 1024,
      totalTimeMs: limits.totalTimeMs ?? 20_000,
    });
  let box: Sandbox | null = await load();
  let reloads = 0;
  let failure: Error | null = null;

  const call = (name: string, ...args: unknown[]): unknown => {
    if (!box) throw new StepError(reloads > MAX_RELOADS ? `the program stopped after hitting its limits ${MAX_RELOADS + 1} times; last: ${failure?.message}` : `the program is being reloaded after: ${failure?.message}`);
    try {
      return box.call(name, ...args);
    } catch (err) {
      if (err instanceof SandboxLimitError) {
        box.dispose();
        box = null;
        failure = err;
        if (++reloads <= MAX_RELOADS) void load().then((fresh) => (box = fresh), (e: Error) => (failure = e));
      }
      throw err;
    }
  };

  return {
    init: (init: NodeInit) => call("init", init),
    handle: (state: unknown, message: Message, now: number): Step => checkStep(call("handle", state, message, now), "handle()"),
    tick: (state: unknown, now: number): Step => checkStep(call("tick", state, now), "tick()"),
    dispose: () => box?.dispose(),
  };
}
