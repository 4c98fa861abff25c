import { type QuickJSContext, type QuickJSHandle, type QuickJSRuntime } from "quickjs-emscripten";
import { LabRunError } from "@/lib/labs/errors";
import {
  classifyThrown,
  memoryLimit,
  recursedTooDeeply,
  type ClassifyContext,
  type Stage,
} from "./classify";
import { newBoundedQuickJSModule } from "./bounded-module";
import { compileStudentCode, COMPILED_NAME, EXPORTS_GLOBAL, type CompiledCode } from "./compile";
import { Deadline } from "./deadline";
import { SandboxCodeError, SandboxLimitError } from "./errors";
import {
  MAX_RESULT_CHARS,
  MAX_RESULT_DEPTH,
  SHIM_FAILED,
  SHIM_SOURCE,
  type ShimReply,
} from "./shim";

const DEFAULT_MEMORY_LIMIT_BYTES = 32 * 1024 * 1024;

export interface SandboxOptions {
  /** Functions the code must export, checked at load. */
  exports: string[];
  /** QuickJS heap limit. Default 32 MiB. */
  memoryLimitBytes?: number;
  /** CPU time a single call may use, reading its result back included. Default 200 ms. */
  callTimeoutMs?: number;
  /** CPU time the module's top level may use. Default 5 × callTimeoutMs. */
  loadTimeoutMs?: number;
  /** CPU time all calls together may use. Default 10 s. */
  totalTimeMs?: number;
}

export interface Sandbox {
  /** Calls an exported function with JSON arguments and returns its JSON result. */
  call(name: string, ...args: unknown[]): unknown;
  readonly calls: number;
  /** CPU milliseconds spent inside the sandbox so far. */
  readonly busyMs: number;
  dispose(): void;
}

/**
 * QuickJS's own stack limit. In WebAssembly each QuickJS frame also takes host (V8) stack,
 * about 4× as much: 128 KiB here uses ~10% of Node's stack, so QuickJS reports the overflow
 * (the student's error, with their line) long before the host would.
 */
const MAX_STACK_BYTES = 128 * 1024;

type Result = ReturnType<QuickJSContext["evalCode"]>;

/**
 * Runs a student's TypeScript in a fresh QuickJS (WebAssembly) runtime. Nothing from Node
 * is exposed: no require, process, fetch, timers, files or sockets — only the JSON values
 * passed to `call`. Every entry into the runtime runs under a CPU deadline (interrupt
 * handler) backed by a wall-clock one, the heap and stack have limits, and all calls share
 * a CPU budget. Promise jobs are never run, so no callback escapes a deadline.
 */
export async function createSandbox(code: string, opts: SandboxOptions): Promise<Sandbox> {
  const compiled = await compileStudentCode(code);
  // One WebAssembly module per sandbox: a host-side failure (stack overflow, trap) leaves the
  // module's memory half-unwound, and then it is dropped whole without touching any other run.
  const { module: QuickJS, exhausted } = await newBoundedQuickJSModule(opts.memoryLimitBytes ?? DEFAULT_MEMORY_LIMIT_BYTES);
  const sandbox = new QuickJsSandbox(QuickJS.newRuntime(), compiled, opts, exhausted);
  try {
    sandbox.load();
  } catch (err) {
    sandbox.dispose();
    throw err;
  }
  return sandbox;
}

class QuickJsSandbox implements Sandbox {
  calls = 0;
  busyMs = 0;
  private readonly vm: QuickJSContext;
  private readonly deadline = new Deadline();
  private readonly ctx: ClassifyContext;
  private shim: QuickJSHandle | undefined;
  private broken: Error | undefined;
  /** A host-side failure unwound through the module: never call into it again. */
  private poisoned = false;
  private disposed = false;
  private readonly callTimeoutMs: number;
  private readonly loadTimeoutMs: number;
  private readonly totalTimeMs: number;

  constructor(
    private readonly runtime: QuickJSRuntime,
    private readonly compiled: CompiledCode,
    private readonly opts: SandboxOptions,
    memoryExhausted: () => boolean,
  ) {
    this.callTimeoutMs = opts.callTimeoutMs ?? 200;
    this.loadTimeoutMs = opts.loadTimeoutMs ?? this.callTimeoutMs * 5;
    this.totalTimeMs = opts.totalTimeMs ?? 10_000;
    const memoryLimitBytes = opts.memoryLimitBytes ?? DEFAULT_MEMORY_LIMIT_BYTES;
    runtime.setMemoryLimit(memoryLimitBytes);
    runtime.setMaxStackSize(MAX_STACK_BYTES);
    runtime.setInterruptHandler(this.deadline.shouldInterrupt);
    this.vm = runtime.newContext();
    this.ctx = { memoryLimitBytes, memoryExhausted, originalLine: compiled.originalLine };
  }

  load(): void {
    this.enter(this.loadTimeoutMs, "load", () => {
      // The shim first, so it saves the built-ins before the student's code can replace them.
      this.shim = this.settle(this.vm.evalCode(SHIM_SOURCE, "shim.js"), "load", false);
      // The script's completion value is the exports object.
      const js = `${this.compiled.js}\n${EXPORTS_GLOBAL}`;
      const exports = this.settle(this.vm.evalCode(js, COMPILED_NAME), "load", true);
      const names = this.vm.newString(JSON.stringify(this.opts.exports));
      try {
        const reply = this.ask("bind", [exports, names], "load");
        if ("threw" in reply) throw classifyThrown(this.ctx, reply.threw, "load");
        if ("missing" in reply) {
          throw new SandboxCodeError(
            "load",
            `Your code must export a function named ${reply.missing} (found: ${reply.found || "no exports"}).`,
            undefined,
            `Write \`export function ${reply.missing}(...) { ... }\`.`,
          );
        }
      } finally {
        names.dispose();
        exports.dispose();
      }
    });
  }

  call(name: string, ...args: unknown[]): unknown {
    if (!this.opts.exports.includes(name)) throw new Error(`sandbox: ${name} is not an export`);
    if (!this.disposed && !this.broken && this.busyMs > this.totalTimeMs) {
      this.broken = new SandboxLimitError(
        "time",
        `Your code used more than its total time budget of ${this.totalTimeMs} ms.`,
      );
    }
    const argsJson = JSON.stringify(args);
    const value = this.enter(this.callTimeoutMs, "runtime", () => {
      const nameHandle = this.vm.newString(name);
      const argsHandle = this.vm.newString(argsJson);
      let reply: ShimReply;
      try {
        reply = this.ask("call", [nameHandle, argsHandle], "runtime");
      } finally {
        nameHandle.dispose();
        argsHandle.dispose();
      }
      return this.resultOf(name, reply);
    });
    this.calls++;
    return value;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    // A poisoned module is dropped whole (the garbage collector frees it): freeing a
    // half-unwound runtime can abort.
    if (this.poisoned) return;
    try {
      this.shim?.dispose();
      this.vm.dispose();
      this.runtime.dispose();
    } catch {
      this.poisoned = true;
    }
  }

  /** One entry into the runtime, under a deadline from before the first step to after the last. */
  private enter<T>(limitMs: number, stage: Stage, step: () => T): T {
    if (this.disposed) throw new Error("sandbox used after dispose()");
    if (this.broken) throw this.broken;
    this.deadline.start(limitMs);
    try {
      return step();
    } catch (err) {
      if (err instanceof SandboxCodeError) throw err;
      if (err instanceof SandboxLimitError) {
        this.broken = err;
      } else {
        // Not from QuickJS but from the WebAssembly module itself: the host's stack
        // overflowed inside it (QuickJS recursion its own limit does not see) or it trapped.
        this.poisoned = true;
        this.broken =
          err instanceof RangeError
            ? recursedTooDeeply(undefined, stage)
            : new LabRunError("internal", "The sandbox running your code failed; try again.");
      }
      throw this.broken;
    } finally {
      this.busyMs += this.deadline.stop();
    }
  }

  /** The value of a successful step, or the student-readable reason it failed. */
  private settle(result: Result, stage: Stage, describe: boolean): QuickJSHandle {
    if (!result.error) return result.value;
    const error = result.error;
    try {
      if (this.deadline.fired) throw this.timeLimit(stage);
      if (!describe) {
        // The shim's own steps catch every student throw; what escapes is its marker.
        const marker = this.vm.typeof(error) === "string" && this.vm.getString(error);
        if (marker === SHIM_FAILED) throw memoryLimit(this.ctx);
        throw new Error("sandbox shim failed unexpectedly");
      }
      // A raw throw from the module's top level: the shim reads it, under the same deadline.
      const reply = this.ask("describe", [error], stage);
      throw "threw" in reply
        ? classifyThrown(this.ctx, reply.threw, stage)
        : new Error("sandbox shim gave no description");
    } finally {
      error.dispose();
    }
  }

  /** Calls the shim; its answer is always one JSON string. */
  private ask(op: string, args: QuickJSHandle[], stage: Stage): ShimReply {
    const shim = this.shim;
    if (!shim) throw new Error("sandbox not loaded");
    const opHandle = this.vm.newString(op);
    const result = this.vm.callFunction(shim, this.vm.undefined, opHandle, ...args);
    opHandle.dispose();
    const handle = this.settle(result, stage, false);
    try {
      if (this.vm.typeof(handle) !== "string") throw new Error("sandbox shim returned no text");
      return JSON.parse(this.vm.getString(handle)) as ShimReply;
    } finally {
      handle.dispose();
    }
  }

  private resultOf(fn: string, reply: ShimReply): unknown {
    const ctx = { ...this.ctx, fn };
    if ("threw" in reply) throw classifyThrown(ctx, reply.threw, "runtime");
    if ("badResult" in reply) throw classifyThrown(ctx, reply.badResult, "result");
    if ("promise" in reply)
      throw new SandboxCodeError(
        "result",
        `${fn}() must return synchronously, not a Promise.`,
        undefined,
        "Remove `async` and `await`: the lab needs the answer as soon as it calls your function.",
      );
    if ("tooBig" in reply)
      throw new SandboxCodeError(
        "result",
        `${fn}() returned ${reply.tooBig} characters of JSON; the limit is ${MAX_RESULT_CHARS}.`,
        undefined,
        "Return only what the next call needs: a few numbers.",
      );
    if ("tooDeep" in reply)
      throw new SandboxCodeError(
        "result",
        `${fn}() returned a value nested more than ${MAX_RESULT_DEPTH} levels deep.`,
        undefined,
        "Return a flat object of a few numbers.",
      );
    return "v" in reply ? reply.v : undefined;
  }

  private timeLimit(stage: Stage): SandboxLimitError {
    return new SandboxLimitError(
      "time",
      stage === "load"
        ? `Your code ran longer than ${this.loadTimeoutMs} ms while loading and was stopped.`
        : `Your code ran longer than ${this.callTimeoutMs} ms in one call and was stopped.`,
    );
  }
}
