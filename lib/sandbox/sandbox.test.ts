import { afterEach, describe, expect, it } from "vitest";
import { createSandbox, SandboxCodeError, SandboxLimitError, type Sandbox } from "@/lib/sandbox";

const open: Sandbox[] = [];
async function sandbox(
  code: string,
  opts: Partial<Parameters<typeof createSandbox>[1]> = {},
): Promise<Sandbox> {
  const box = await createSandbox(code, { exports: ["f"], ...opts });
  open.push(box);
  return box;
}
afterEach(() => open.splice(0).forEach((b) => b.dispose()));

async function thrown(fn: () => unknown): Promise<unknown> {
  try {
    await fn();
  } catch (err) {
    return err;
  }
  throw new Error("expected an error");
}

describe("sandbox", () => {
  it("runs typed code and returns JSON results", async () => {
    const box = await sandbox(
      `interface S { n: number }\nexport function f(s: S, k: number): S { return { n: s.n + k }; }`,
    );
    expect(box.call("f", { n: 2 }, 3)).toEqual({ n: 5 });
    expect(box.calls).toBe(1);
  });

  it("stops an infinite loop with a sandbox-limit error", async () => {
    const box = await sandbox(`export function f() { while (true) {} }`, { callTimeoutMs: 100 });
    const err = await thrown(() => box.call("f"));
    expect(err).toBeInstanceOf(SandboxLimitError);
    expect((err as SandboxLimitError).toGrade()).toMatchObject({
      verdict: "error",
      errorKind: "sandbox-limit",
    });
    // A broken sandbox stays broken instead of running half-dead code.
    expect(() => box.call("f")).toThrow(SandboxLimitError);
  });

  it("stops a huge allocation with a sandbox-limit error", async () => {
    const box = await sandbox(
      `export function f() { const a: string[] = []; for (let i = 0; i < 1e8; i++) a.push("x".repeat(100) + i); return a.length; }`,
      {
        memoryLimitBytes: 16 * 1024 * 1024,
        callTimeoutMs: 20_000,
      },
    );
    const err = await thrown(() => box.call("f"));
    expect(err).toBeInstanceOf(SandboxLimitError);
    expect((err as SandboxLimitError).limit).toBe("memory");
  });

  it("enforces the total time budget across calls", async () => {
    // Each call burns some CPU; no call alone hits the per-call limit, together they exhaust the budget.
    const box = await sandbox(
      `export function f() { let x = 0; for (let i = 0; i < 200000; i++) x += i % 7; return x; }`,
      {
        totalTimeMs: 50,
        callTimeoutMs: 5_000,
      },
    );
    const err = await thrown(() => {
      for (let i = 0; i < 10_000; i++) box.call("f");
    });
    expect(err).toBeInstanceOf(SandboxLimitError);
    expect((err as Error).message).toMatch(/total time budget/);
  });

  it("exposes no require, process, fetch, timers or module loaders", async () => {
    const box = await sandbox(
      `export function f() { return [typeof require, typeof process, typeof fetch, typeof setTimeout, typeof std, typeof os, typeof XMLHttpRequest, typeof WebAssembly]; }`,
    );
    expect(box.call("f")).toEqual(Array(8).fill("undefined"));
    const importing = await sandbox(`export function f() { return import("fs"); }`);
    // A dynamic import can only produce a promise that never reaches Node's module loader.
    expect(() => importing.call("f")).toThrow(/must return synchronously, not a Promise/);
  });

  it("reports a thrown error with the student's own line number", async () => {
    const box = await sandbox(
      `type N = number;\n\nexport function f(x: N) {\n  if (x < 0) {\n    throw new Error("negative input");\n  }\n  return x;\n}`,
    );
    const err = await thrown(() => box.call("f", -1));
    expect(err).toBeInstanceOf(SandboxCodeError);
    expect((err as SandboxCodeError).line).toBe(5);
    expect((err as SandboxCodeError).toGrade()).toMatchObject({ verdict: "fail" });
    expect((err as Error).message).toBe("Your code threw an error (line 5): negative input");
  });

  it("reports a compile error with its line", async () => {
    const err = await thrown(() => sandbox(`export function f() {\n  return 1 +;\n}`));
    expect(err).toBeInstanceOf(SandboxCodeError);
    expect((err as SandboxCodeError).line).toBe(2);
    expect((err as Error).message).toMatch(/does not compile: line 2/);
  });

  it("requires the expected exports", async () => {
    const err = await thrown(() => sandbox(`export function g() { return 1; }`));
    expect((err as Error).message).toMatch(/must export a function named f \(found: g\)/);
  });

  it("is fast enough to sit in a workload's hot path", async () => {
    const box = await sandbox(
      `export function f(s: { tokens: number; at: number } | null, now: number) { const t = s ? Math.min(10, s.tokens + (now - s.at) / 100) : 10; return t >= 1 ? { allowed: true, state: { tokens: t - 1, at: now } } : { allowed: false, state: { tokens: t, at: now } }; }`,
    );
    const n = 5_000;
    const start = performance.now();
    let state: unknown = null;
    for (let i = 0; i < n; i++) state = (box.call("f", state, i) as { state: unknown }).state;
    const wallPerSecond = n / ((performance.now() - start) / 1000);
    // Per CPU-second (busyMs is CPU time), so other processes on the machine do not fail it.
    const cpuPerSecond = n / (box.busyMs / 1000);
    console.log(
      `sandbox calls/s: ${Math.round(wallPerSecond)} wall, ${Math.round(cpuPerSecond)} per CPU-second`,
    );
    // A lab makes a few hundred decisions per second; ~100k calls/s on an idle machine.
    expect(cpuPerSecond).toBeGreaterThan(2_000);
  });
});
