/**
 * The replay driver: synchronous sandboxed code over asynchronous host operations. A fake
 * async host (a counter with a delay) stands in for the database: the driver runs each
 * operation for real, replays the function with the answers, and refuses code whose
 * operations change between replays, that swallows the pause, loops or passes huge values.
 */
import { afterEach, describe, expect, it } from "vitest";
import { createSandbox, SandboxCodeError, SandboxLimitError, type Sandbox } from "@/lib/sandbox";
import { HostOpError, REPLAY_EXPORT, replayDriverSource, runReplayed, type ReplaySpec } from "@/lib/sandbox/replay";

const SPEC: ReplaySpec = { entry: "handle", host: { name: "store", methods: ["get", "add", "fail"] }, maxSteps: 10, maxArgChars: 1000 };
let box: Sandbox | undefined;
afterEach(() => box?.dispose());

async function run(code: string, input: unknown = {}) {
  box = await createSandbox(code + replayDriverSource(SPEC), { exports: ["handle", REPLAY_EXPORT], callTimeoutMs: 100, totalTimeMs: 2_000 });
  let value = 10;
  const executed: string[] = [];
  const execute = async (op: string, args: unknown[]) => {
    await new Promise((r) => setTimeout(r, 2));
    executed.push(op);
    if (op === "get") return value;
    if (op === "add") return (value += args[0] as number);
    throw new HostOpError("no such thing");
  };
  return { ...(await runReplayed(box, SPEC, [input], execute)), executed, final: () => value };
}

describe("runReplayed", () => {
  it("runs each operation once, in order, and returns what the function returns", async () => {
    const r = await run(`export function handle(input: { n: number }, store: any) { const before = store.get(); const after = store.add(input.n); return { before, after }; }`, { n: 5 });
    expect(r.value).toEqual({ before: 10, after: 15 });
    expect(r.executed).toEqual(["get", "add"]);
    expect(r.steps.map((s) => [s.op, s.args, s.result])).toEqual([["get", [], 10], ["add", [5], 15]]);
    expect(r.final()).toBe(15);
  });

  it("a host error is thrown at the student's call, and they may catch it", async () => {
    const r = await run(`export function handle(input: any, store: any) { try { store.fail(); } catch (e) { return { caught: (e as Error).message }; } }`);
    expect(r.value).toEqual({ caught: "no such thing" });
  });

  it("operations that change between replays are refused in words", async () => {
    const code = `let calls = 0;\nexport function handle(input: any, store: any) { calls++; if (calls % 2 === 0) store.add(1); else store.get(); store.get(); return 1; }`;
    await expect(run(code)).rejects.toThrow(/handle must depend only on the request and the store's answers: replayed, its operation 1 was store\.add\(1\) where it had been store\.get\(\)/);
  });

  it("a catch-all around a store call that swallows the pause changes nothing: the replay goes on", async () => {
    const r = await run(`export function handle(input: any, store: any) { let v = -1; try { v = store.get(); } catch { } return v; }`);
    expect(r.value).toBe(10);
  });

  it("an endless loop of store calls stops at the step limit", async () => {
    await expect(run(`export function handle(input: any, store: any) { for (;;) store.get(); }`)).rejects.toThrow(/more than 10 operations/);
  });

  it("an endless loop in the code is a sandbox limit, not a hang", async () => {
    const started = performance.now();
    await expect(run(`export function handle(input: any, store: any) { store.get(); for (;;) {} }`)).rejects.toBeInstanceOf(SandboxLimitError);
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it("huge arguments are refused before they reach the host", async () => {
    const err = await run(`export function handle(input: any, store: any) { return store.add("x".repeat(5000)); }`).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SandboxCodeError);
    expect((err as Error).message).toMatch(/store\.add\(\) was given 5004 characters of JSON; the limit is 1000/);
  });

  it("a huge return value is the student's error, in words that name the entry", async () => {
    await expect(run(`export function handle(input: any, store: any) { return "y".repeat(100000); }`)).rejects.toThrow(/handle\(\) and its store calls came to more JSON/);
  });

  it("the student's line numbers are theirs: the driver comes after their code", async () => {
    const err = await run(`export function handle(input: any, store: any) {\n  store.get();\n  throw new Error("boom");\n}`).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/line 3.*boom/);
  });
});
