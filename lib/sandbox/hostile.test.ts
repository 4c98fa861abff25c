import { afterEach, describe, expect, it } from "vitest";
import {
  createSandbox,
  SandboxCodeError,
  SandboxLimitError,
  type Sandbox,
  type SandboxOptions,
} from "@/lib/sandbox";

/**
 * Hostile answers: each must end within its limit plus a margin (wall time, measured), with
 * a clear error, leave a sandbox that can be disposed, and leave the next sandbox working.
 */
const CALL_MS = 50;
const LOAD_MS = 100;
// CPU limits; wall time on a loaded machine runs a little past them, never to the backstop.
const MARGIN_MS = 1_500;
const LIMITS: SandboxOptions = { exports: ["f"], callTimeoutMs: CALL_MS, loadTimeoutMs: LOAD_MS };

interface Outcome {
  value?: unknown;
  error?: unknown;
  /** Wall time of the step that failed (load or call). */
  ms: number;
  stage: "load" | "call";
}

async function attempt(code: string, args: unknown[] = [], opts: Partial<SandboxOptions> = {}) {
  let box: Sandbox | undefined;
  let start = performance.now();
  let out: Outcome;
  try {
    box = await createSandbox(code, { ...LIMITS, ...opts });
    start = performance.now();
    out = { value: box.call("f", ...args), ms: performance.now() - start, stage: "call" };
  } catch (error) {
    out = { error, ms: performance.now() - start, stage: box ? "call" : "load" };
  }
  expect(() => box?.dispose()).not.toThrow();
  return out;
}

/** A fresh sandbox after each hostile one still runs plain code. */
afterEach(async () => {
  const box = await createSandbox(`export function f(x: number) { return { n: x + 1 }; }`, LIMITS);
  expect(box.call("f", 1)).toEqual({ n: 2 });
  box.dispose();
});

function expectLimit(out: Outcome, limit: "time" | "memory", message: RegExp) {
  expect(out.error, `expected a ${limit} limit`).toBeInstanceOf(SandboxLimitError);
  expect((out.error as SandboxLimitError).limit).toBe(limit);
  expect((out.error as Error).message).toMatch(message);
  expect((out.error as SandboxLimitError).toGrade()).toMatchObject({
    verdict: "error",
    errorKind: "sandbox-limit",
  });
  expect(out.ms).toBeLessThan((out.stage === "load" ? LOAD_MS : CALL_MS) + MARGIN_MS);
}

function expectCodeError(out: Outcome, message: RegExp, limitMs = CALL_MS) {
  expect(out.error, "expected the student's error").toBeInstanceOf(SandboxCodeError);
  expect((out.error as Error).message).toMatch(message);
  expect((out.error as Error).message.length).toBeLessThan(2_300);
  expect((out.error as SandboxCodeError).toGrade().verdict).toBe("fail");
  expect(out.ms).toBeLessThan(limitMs + MARGIN_MS);
}

const PLAIN_F = `export function f(x: number) { return { n: x + 1, keys: ["a"] }; }`;

describe("hostile answers: every entry into student code is timed", () => {
  it("an infinite loop at the top level stops while loading", async () => {
    const out = await attempt(`while (true) {}\nexport function f() { return 1; }`);
    expectLimit(out, "time", /ran longer than 100 ms while loading/);
  });

  it.each([
    ["Object.keys", `Object.keys = () => { while (true) {} };`],
    ["JSON.stringify", `JSON.stringify = () => { while (true) {} };`],
    ["JSON.parse", `JSON.parse = () => { while (true) {} };`],
    ["Array.prototype.map", `Array.prototype.map = function () { while (true) {} } as never;`],
    ["Array.isArray", `Array.isArray = (() => { while (true) {} }) as never;`],
    ["Reflect.apply", `Reflect.apply = () => { while (true) {} };`],
    ["Function.prototype.apply", `Function.prototype.apply = () => { while (true) {} };`],
    ["String.prototype.slice", `String.prototype.slice = () => { while (true) {} };`],
  ])("overriding %s at the top level does not reach the shim", async (_name, override) => {
    // Only the student's own code may use the override; here it does not, so the call works.
    const out = await attempt(`${override}\n${PLAIN_F}`, [1]);
    expect(out.error).toBeUndefined();
    expect(out.value).toEqual({ n: 2, keys: ["a"] });
  });

  it("an overridden Array iterator (esbuild's export wrapper iterates) stops while loading", async () => {
    const out = await attempt(
      `Array.prototype[Symbol.iterator] = function* () { while (true) {} } as never;\n${PLAIN_F}`,
    );
    expectLimit(out, "time", /while loading/);
  });

  it("a top-level throw of the shim's failure marker is only the student's error", async () => {
    const out = await attempt(`throw "faultline-shim-failed";\nexport function f() { return 1; }`);
    expect(out.error).toBeInstanceOf(SandboxCodeError);
    expect((out.error as Error).message).toMatch(/^Your code failed while loading/);
  });

  it("a missing export is reported even with Object.keys overridden", async () => {
    const out = await attempt(
      `Object.keys = () => { while (true) {} };\nexport function g() { return 1; }`,
    );
    expect(out.error).toBeInstanceOf(SandboxCodeError);
    expect((out.error as Error).message).toMatch(/must export a function named f \(found: g\)/);
  });

  it.each([
    ["a getter on the result", `return { get allowed() { while (true) {} }, state: 1 };`],
    ["toJSON on the result", `return { toJSON() { while (true) {} } };`],
    [
      "toJSON on Object.prototype",
      `(Object.prototype as any).toJSON = function () { while (true) {} }; return { a: 1 };`,
    ],
    ["a Proxy's ownKeys trap", `return new Proxy({}, { ownKeys() { while (true) {} } });`],
    ["a Proxy's get trap", `return new Proxy({ a: 1 }, { get() { while (true) {} } });`],
    [
      "a valueOf trap on a Number object",
      `const n = new Number(1); (n as any).valueOf = () => { while (true) {} }; return { n };`,
    ],
    ["a thenable's then getter", `return { get then() { while (true) {} } };`],
    ["a catastrophic regular expression", `return /(a+)+$/.test("a".repeat(40) + "b");`],
    ["a getter on a thrown error", `throw { get message() { while (true) {} } };`],
    [
      "a getter on a thrown error's stack",
      `const e = new Error("x"); Object.defineProperty(e, "stack", { get() { while (true) {} } }); throw e;`,
    ],
  ])("an infinite loop in %s is stopped", async (_name, body) => {
    const out = await attempt(`export function f(): any {\n  ${body}\n}`);
    expectLimit(out, "time", /ran longer than 50 ms in one call/);
  });

  it("a thrown object whose toString loops is reported without calling it", async () => {
    const out = await attempt(`export function f() { throw { toString() { while (true) {} } }; }`);
    expectCodeError(out, /^Your code threw an error: a thrown object with no message$/);
  });
});

describe("hostile answers: memory", () => {
  it("string doubling hits the memory limit", async () => {
    const out = await attempt(`export function f() { let s = "x"; for (;;) s += s; }`);
    expectLimit(out, "memory", /memory/);
  });

  it("memory kept full leaves the shim no room to describe the throw: still the memory limit", async () => {
    const out = await attempt(
      // Small objects kept alive at the top level fill the heap to the last byte; the thrown
      // object exists already, so only the shim's own description needs memory.
      `let chain: unknown = null;\nconst thrown = { big: true };\nexport function f() { try { for (;;) chain = { chain }; } catch { throw thrown; } }`,
      [],
      { callTimeoutMs: 20_000, memoryLimitBytes: 8 * 1024 * 1024 },
    );
    expect(out.error).toBeInstanceOf(SandboxLimitError);
    expect((out.error as SandboxLimitError).limit).toBe("memory");
  });

  it("pushing forever hits the memory limit", async () => {
    const out = await attempt(
      `export function f() { const a: number[][] = []; for (;;) a.push([a.length, a.length]); }`,
      [],
      { callTimeoutMs: 20_000 },
    );
    expect(out.error).toBeInstanceOf(SandboxLimitError);
    expect((out.error as SandboxLimitError).limit).toBe("memory");
    expect(out.ms).toBeLessThan(20_000);
  });
});

describe("hostile answers: memory the engine's own limit misses", () => {
  // QuickJS's heap limit misses these (this build cannot measure its allocations): before the
  // module's memory had a ceiling, each grew it towards 2 GB for 7–13 s of CPU, with the
  // deadline never polled. The deadline here is far away, so only the ceiling can stop them.
  for (const [what, code] of [
    ["a hoard of megabyte strings", `const hoard: string[] = [];\nexport function f() { for (;;) hoard.push("x".repeat(1e6) + hoard.length); }`],
    ["a hoard of filled arrays", `const hoard: number[][] = [];\nexport function f() { for (;;) hoard.push(new Array(1e6).fill(7)); }`],
  ]) {
    it(`${what} stops at the module's memory ceiling, in well under a second of work`, async () => {
      const out = await attempt(code!, [], { callTimeoutMs: 60_000 });
      expect(out.error).toBeInstanceOf(SandboxLimitError);
      expect((out.error as SandboxLimitError).limit).toBe("memory");
      expect(out.ms).toBeLessThan(5_000);
    });
  }
});

describe("hostile answers: recursion and promises", () => {
  it("direct recursion is the student's error, with their line, and the sandbox survives", async () => {
    const box = await createSandbox(
      `type N = number;\n\nexport function f(n: N): N {\n  return n <= 0 ? 0 : 1 + f(n - 1);\n}`,
      LIMITS,
    );
    try {
      const start = performance.now();
      const err = (() => {
        try {
          box.call("f", 1e7);
        } catch (e) {
          return e;
        }
      })();
      expectCodeError(
        { error: err, ms: performance.now() - start, stage: "call" },
        /^Your code recursed too deeply \(line 4\)/,
      );
      expect((err as SandboxCodeError).line).toBe(4);
      // QuickJS unwound its own stack: the same sandbox keeps working.
      expect(box.call("f", 10)).toBe(10);
    } finally {
      box.dispose();
    }
  });

  it("mutual recursion names the student's line", async () => {
    const out = await attempt(
      `export function f(n: number): number { return g(n) + 1; }\n\nfunction g(n: number): number {\n  return f(n) + 1;\n}`,
      [1],
    );
    expectCodeError(out, /^Your code recursed too deeply \(line [14]\)/);
  });

  it("recursion inside a native call that overflows the host stack breaks only that sandbox", async () => {
    // QuickJS's JSON.stringify recurses without checking its stack: the host's overflows.
    const box = await createSandbox(
      `export function f(depth: number) { let o: object = {}; for (let i = 0; i < depth; i++) o = { o }; return JSON.stringify(o).length; }`,
      { ...LIMITS, callTimeoutMs: 2_000 },
    );
    const start = performance.now();
    let err: unknown;
    try {
      box.call("f", 100_000);
    } catch (e) {
      err = e;
    }
    // No line: the host's overflow unwound QuickJS before it could build a stack trace.
    expectCodeError(
      { error: err, ms: performance.now() - start, stage: "call" },
      /^Your code recursed too deeply: /,
      2_000,
    );
    // Never call into a half-unwound runtime again.
    expect(() => box.call("f", 1)).toThrow(/recursed too deeply/);
    expect(() => box.dispose()).not.toThrow();
  });

  it("a deeply nested result is refused, not serialised by a recursing host", async () => {
    const out = await attempt(
      `export function f() { let o: object = {}; for (let i = 0; i < 100000; i++) o = { o }; return { allowed: true, state: o }; }`,
      [],
      { callTimeoutMs: 2_000 },
    );
    expectCodeError(out, /f\(\) returned a value nested more than \d+ levels deep/, 2_000);
  });

  it.each([
    ["an async function", `export async function f() { return { allowed: true, state: 1 }; }`],
    ["a Promise", `export function f() { return Promise.resolve(1); }`],
    ["a thenable", `export function f() { return { then() { return 1; } }; }`],
    ["a dynamic import", `export function f() { return import("fs"); }`],
  ])("returning %s is refused clearly", async (_name, code) => {
    const out = await attempt(code);
    expectCodeError(out, /f\(\) must return synchronously, not a Promise/);
  });

  it("promise callbacks never run (no job queue), so they cannot escape the deadline", async () => {
    const out = await attempt(
      `export function f() { Promise.resolve().then(() => { while (true) {} }); import("fs").then(() => { while (true) {} }); return 1; }`,
    );
    expect(out.value).toBe(1);
  });
});

describe("hostile answers: escapes", () => {
  it.each([
    [
      "require",
      `return require("fs").readFileSync("/etc/passwd", "utf8");`,
      /'?require'? is not defined/,
    ],
    ["process", `return process.env;`, /'?process'? is not defined/],
    ["fetch", `return fetch("http://example.com");`, /'?fetch'? is not defined/],
    [
      "a constructor escape",
      `return (globalThis as any).constructor.constructor("return process")().env;`,
      /'?process'? is not defined/,
    ],
    [
      "a function-constructor escape",
      `return (() => 0).constructor("return require")()("fs");`,
      /'?require'? is not defined/,
    ],
  ])("%s is not there", async (_name, body, message) => {
    const out = await attempt(`export function f(): any {\n  ${body}\n}`);
    expectCodeError(out, message);
  });

  it("what the Function constructor returns is QuickJS's own global, with nothing of Node", async () => {
    const out = await attempt(
      `export function f() { const g = Function("return this")(); return [typeof g.process, typeof g.require, typeof g.console, typeof g.std, typeof g.os]; }`,
    );
    expect(out.value).toEqual(Array(5).fill("undefined"));
  });

  it("prototype pollution stays inside the sandbox", async () => {
    const out = await attempt(
      `export function f() { (Object.prototype as any).polluted = true; (Array.prototype as any).polluted = true; return JSON.parse('{"__proto__": {"polluted2": true}, "allowed": true}'); }`,
    );
    const value = out.value as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted2).toBeUndefined();
    expect(([] as unknown as Record<string, unknown>).polluted).toBeUndefined();
    expect(value.allowed).toBe(true);
  });
});

describe("hostile answers: bounded text", () => {
  it("a huge thrown message is cut with a note", async () => {
    const out = await attempt(`export function f() { throw new Error("x".repeat(1_000_000)); }`);
    expectCodeError(
      out,
      /^Your code threw an error \(line 1\): x+… \(cut: 99\d{4} more characters\)$/,
    );
  });

  it("a huge thrown string is cut with a note", async () => {
    const out = await attempt(`export function f() { throw "y".repeat(1_000_000); }`);
    expectCodeError(out, /y… \(cut: 99\d{4} more characters\)$/);
  });

  it("a huge returned value is refused without copying it out", async () => {
    const out = await attempt(
      `export function f() { return { allowed: true, state: "z".repeat(2_000_000) }; }`,
    );
    expectCodeError(out, /f\(\) returned 2000027 characters of JSON; the limit is \d+/);
  });

  it("a huge error name and a non-string message stay bounded", async () => {
    const out = await attempt(
      `export function f() { const e = new Error(); e.name = "N".repeat(100000); (e as any).message = { big: "m".repeat(100000) }; throw e; }`,
    );
    expect(out.error).toBeInstanceOf(SandboxCodeError);
    expect((out.error as Error).message.length).toBeLessThan(2_300);
  });
});
