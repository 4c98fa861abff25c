import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkLinearizable } from "@/lib/checkers";
import { kvModel } from "@/lib/checkers/linearizability/kv-model";
import type { Model } from "@/lib/checkers/linearizability/model";
import { registerModel } from "@/lib/checkers/linearizability/register-model";
import { pairOperations, type Operation } from "@/lib/history/operations";
import type { History, HistoryOp } from "@/lib/history/types";

/**
 * The search (state ids, transition memo, configuration cache) against the definition: try
 * every order of the operations that respects real time, where an operation whose outcome
 * is unknown may also be left out. Small random histories, many of them.
 */

interface Command {
  process: number;
  f: string;
  value: number | null;
  outcome: "ok" | "fail" | "info";
}

/** Each command invokes on its process, or completes what that process has in flight. */
function toHistory(commands: Command[], model: "register" | "kv"): History {
  const history: History = [];
  const inFlight = new Map<number, Command>();
  for (const command of commands) {
    const open = inFlight.get(command.process);
    const base = { process: command.process, ...(model === "kv" ? { key: "k" } : {}) };
    if (!open) {
      const value =
        command.f === "cas"
          ? [command.value, (command.value ?? 0) + 1]
          : command.f === "read" || command.f === "get"
            ? null
            : model === "kv"
              ? String(command.value ?? "")
              : command.value;
      history.push({ ...base, type: "invoke", f: command.f, value } as HistoryOp);
      inFlight.set(command.process, command);
      continue;
    }
    inFlight.delete(command.process);
    const observes = open.f === "read" || open.f === "get";
    const observed = model === "kv" ? String(command.value ?? "") : command.value;
    history.push({
      ...base,
      type: observes && command.outcome !== "ok" ? "info" : command.outcome,
      f: open.f,
      value: observes ? observed : null,
    } as HistoryOp);
  }
  return history; // whatever is still in flight never completed (outcome unknown)
}

function bruteForce<S, I>(model: Model<S, I>, operations: Operation[]): boolean {
  const ops = operations
    .map((op) => ({ op, input: model.prepare(op) }))
    .filter((p): p is { op: Operation; input: I } => p.input !== null);
  const done = new Array<boolean>(ops.length).fill(false);
  const mustPrecede = (a: Operation, b: Operation) => a.ret < b.call;
  const search = (state: S, placed: number): boolean => {
    // Finished when every operation that certainly took effect (or was observed) is placed.
    if (ops.every((p, i) => done[i] || p.op.outcome === "info")) return true;
    if (placed === ops.length) return false;
    for (let i = 0; i < ops.length; i++) {
      if (done[i]) continue;
      const blocked = ops.some((p, j) => !done[j] && j !== i && mustPrecede(p.op, ops[i]!.op));
      if (blocked) continue;
      const after = model.step(state, ops[i]!.input);
      if (after === undefined) continue;
      done[i] = true;
      const found = search(after, placed + 1);
      done[i] = false;
      if (found) return true;
    }
    return false;
  };
  return search(model.init(), 0);
}

const command = (fs: string[]) =>
  fc.record({
    process: fc.integer({ min: 0, max: 2 }),
    f: fc.constantFrom(...fs),
    value: fc.option(fc.integer({ min: 1, max: 3 }), { freq: 4 }),
    outcome: fc.constantFrom("ok", "ok", "ok", "fail", "info"),
  }) as fc.Arbitrary<Command>;

// kv with appends: a new id per state; register and kv without appends: interned states.
const cases = [
  {
    name: "register",
    model: "register",
    fs: ["read", "read", "write", "cas"],
    spec: registerModel,
  },
  { name: "kv", model: "kv", fs: ["get", "get", "put", "append", "append"], spec: kvModel },
  { name: "kv without appends", model: "kv", fs: ["get", "get", "put"], spec: kvModel },
] as const;

describe("the linearizability search agrees with brute force", () => {
  it.each(cases)("$name histories of up to 12 operations", ({ model, fs, spec }) => {
    let verdicts = { ok: 0, illegal: 0 };
    fc.assert(
      fc.property(fc.array(command([...fs]), { minLength: 1, maxLength: 24 }), (commands) => {
        const history = toHistory(commands, model);
        const expected = bruteForce(spec as Model<unknown, unknown>, pairOperations(history));
        const result = checkLinearizable(history, { model, method: "search" });
        expect(result.verdict).toBe(expected ? "ok" : "illegal");
        verdicts = { ...verdicts, [result.verdict]: verdicts[result.verdict as "ok"] + 1 };
        // The polynomial path, where it applies, must agree too.
        expect(checkLinearizable(history, { model }).verdict).toBe(result.verdict);
      }),
      { numRuns: 1500, seed: 16 },
    );
    // Both verdicts were exercised, not only one.
    expect(verdicts.ok).toBeGreaterThan(100);
    expect(verdicts.illegal).toBeGreaterThan(100);
  });
});
