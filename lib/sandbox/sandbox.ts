import {
  getQuickJS,
  type QuickJSContext,
  type QuickJSHandle,
  type QuickJSRuntime,
} from "quickjs-emscripten";
import { compileStudentCode, COMPILED_NAME, EXPORTS_GLOBAL, type CompiledCode } from "./compile";
import { SandboxCodeError, SandboxLimitError } from "./errors";

export interface SandboxOptions {
  /** Functions the code must export, checked at load. */
  exports: string[];
  /** QuickJS heap limit. Default 32 MiB. */
  memoryLimitBytes?: number;
  /** CPU time a single call may use. Default 200 ms. */
  callTimeoutMs?: number;
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
 * Limits are on CPU time, not wall time: on a loaded machine the OS may pause us mid-call,
 * and a correct function must not be blamed for that. A far larger wall limit still stops
 * a call if CPU accounting misbehaves.
 */
interface Deadline {
  cpuMs: number;
  wallMs: number;
}
const WALL_FACTOR = 20;

function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

interface DumpedError {
  name?: string;
  message?: string;
  stack?: string;
}

const CALL_SHIM = `globalThis.__call = (name, json) => {
  const f = ${EXPORTS_GLOBAL}[name];
  return JSON.stringify({ v: f(...JSON.parse(json)) });
};
globalThis.__exportKinds = () => JSON.stringify(Object.fromEntries(Object.keys(${EXPORTS_GLOBAL}).map((k) => [k, typeof ${EXPORTS_GLOBAL}[k]])));`;

/**
 * Runs a student's TypeScript in a fresh QuickJS (WebAssembly) runtime. Nothing from Node
 * is exposed: no require, process, fetch, timers, files or sockets — only the JSON values
 * passed to `call`. Each call has a CPU deadline (interrupt handler) backed by a wall-clock
 * one, the heap has a limit, and all calls share a CPU budget.
 */
export async function createSandbox(code: string, opts: SandboxOptions): Promise<Sandbox> {
  const compiled = await compileStudentCode(code);
  const QuickJS = await getQuickJS();
  const runtime = QuickJS.newRuntime();
  const memoryLimit = opts.memoryLimitBytes ?? 32 * 1024 * 1024;
  runtime.setMemoryLimit(memoryLimit);
  runtime.setMaxStackSize(512 * 1024);
  let deadline: Deadline = { cpuMs: Number.POSITIVE_INFINITY, wallMs: Number.POSITIVE_INFINITY };
  runtime.setInterruptHandler(
    () => cpuMs() > deadline.cpuMs || performance.now() > deadline.wallMs,
  );
  const vm = runtime.newContext();
  const sandbox = new QuickJsSandbox(
    runtime,
    vm,
    compiled,
    opts,
    memoryLimit,
    (d) => (deadline = d),
  );
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
  private callFn: QuickJSHandle | undefined;
  private broken: Error | undefined;
  private disposed = false;
  private readonly callTimeoutMs: number;
  private readonly totalTimeMs: number;

  constructor(
    private readonly runtime: QuickJSRuntime,
    private readonly vm: QuickJSContext,
    private readonly compiled: CompiledCode,
    private readonly opts: SandboxOptions,
    private readonly memoryLimit: number,
    private readonly setDeadline: (deadline: Deadline) => void,
  ) {
    this.callTimeoutMs = opts.callTimeoutMs ?? 200;
    this.totalTimeMs = opts.totalTimeMs ?? 10_000;
  }

  load(): void {
    this.timed(
      () => this.unwrap(this.vm.evalCode(this.compiled.js, COMPILED_NAME), "load"),
      this.callTimeoutMs * 5,
    ).dispose();
    this.unwrap(this.vm.evalCode(CALL_SHIM, "shim.js"), "load").dispose();
    const kindsFn = this.vm.getProp(this.vm.global, "__exportKinds");
    const kindsHandle = this.unwrap(this.vm.callFunction(kindsFn, this.vm.undefined), "load");
    const kindsJson = this.vm.getString(kindsHandle);
    kindsHandle.dispose();
    kindsFn.dispose();
    const kinds = JSON.parse(kindsJson) as Record<string, string>;
    for (const name of this.opts.exports) {
      if (kinds[name] !== "function") {
        throw new SandboxCodeError(
          "load",
          `Your code must export a function named ${name} (found: ${Object.keys(kinds).join(", ") || "no exports"}).`,
          undefined,
          `Write \`export function ${name}(...) { ... }\`.`,
        );
      }
    }
    this.callFn = this.vm.getProp(this.vm.global, "__call");
  }

  call(name: string, ...args: unknown[]): unknown {
    if (this.disposed) throw new Error("sandbox used after dispose()");
    if (this.broken) throw this.broken;
    if (!this.callFn) throw new Error("sandbox not loaded");
    if (this.busyMs > this.totalTimeMs) {
      this.broken = new SandboxLimitError(
        "time",
        `Your code used more than its total time budget of ${this.totalTimeMs} ms.`,
      );
      throw this.broken;
    }
    const callFn = this.callFn;
    const nameHandle = this.vm.newString(name);
    const argsHandle = this.vm.newString(JSON.stringify(args));
    try {
      const json = this.timed(() => {
        const result = this.unwrap(
          this.vm.callFunction(callFn, this.vm.undefined, nameHandle, argsHandle),
          "runtime",
        );
        try {
          return this.vm.getString(result);
        } finally {
          result.dispose();
        }
      }, this.callTimeoutMs);
      this.calls++;
      return (JSON.parse(json) as { v?: unknown }).v;
    } finally {
      nameHandle.dispose();
      argsHandle.dispose();
    }
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.callFn?.dispose();
    this.vm.dispose();
    this.runtime.dispose();
  }

  private timed<T>(step: () => T, limitMs: number): T {
    const startCpu = cpuMs();
    this.setDeadline({
      cpuMs: startCpu + limitMs,
      wallMs: performance.now() + limitMs * WALL_FACTOR,
    });
    try {
      return step();
    } finally {
      this.setDeadline({ cpuMs: Number.POSITIVE_INFINITY, wallMs: Number.POSITIVE_INFINITY });
      this.busyMs += cpuMs() - startCpu;
    }
  }

  /** Turns a QuickJS error into a limit error (memory/time) or a student-readable code error. */
  private unwrap(
    result: ReturnType<QuickJSContext["evalCode"]>,
    stage: "load" | "runtime",
  ): QuickJSHandle {
    if (!result.error) return result.value;
    const dumped = this.vm.dump(result.error) as DumpedError | string;
    result.error.dispose();
    const err: DumpedError =
      typeof dumped === "object" && dumped !== null ? dumped : { message: String(dumped) };
    const message = err.message ?? String(dumped);
    if (err.name === "InternalError" && message === "interrupted") {
      this.broken = new SandboxLimitError(
        "time",
        `Your code ran longer than ${this.callTimeoutMs} ms in one call and was stopped.`,
      );
      throw this.broken;
    }
    if (err.name === "InternalError" && message === "out of memory") {
      this.broken = new SandboxLimitError(
        "memory",
        `Your code used more than ${Math.round(this.memoryLimit / 1024 / 1024)} MiB of memory and was stopped.`,
      );
      throw this.broken;
    }
    const line = this.studentLine(err.stack);
    const where = line ? ` (line ${line})` : "";
    const what = err.name && err.name !== "Error" ? `${err.name}: ${message}` : message;
    const prefix = stage === "load" ? "Your code failed while loading" : "Your code threw an error";
    const hint = /stack overflow/i.test(message)
      ? "A function calls itself without end; add a base case."
      : "Read the message and the line it points to.";
    throw new SandboxCodeError(stage, `${prefix}${where}: ${what}`, line, hint);
  }

  /** First stack frame inside the student's file, mapped back to their TypeScript line. */
  private studentLine(stack: string | undefined): number | undefined {
    const match =
      stack && new RegExp(`${COMPILED_NAME.replace(".", "\\.")}:(\\d+)(?::(\\d+))?`).exec(stack);
    if (!match) return undefined;
    return this.compiled.originalLine(Number(match[1]), Number(match[2] ?? 1));
  }
}
