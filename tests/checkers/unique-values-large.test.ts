import { describe, expect, it } from "vitest";
import { checkLinearizable } from "@/lib/checkers";
import { generateHistory, plantStaleRead } from "./register-histories";

// Issue 8 item 7's target. This file runs in its own worker process, so maxRSS is its own.
const OPERATIONS = 2000;
const TARGET_CPU_MS = 1000;
const TARGET_RSS_MB = 300;
const seeds = [1, 2, 3];
const options = (seed: number) => ({ seed, operations: OPERATIONS, clients: 4, infoWrites: 0.02 });

function timed<T>(run: () => T): { result: T; cpuMs: number } {
  const cpu = process.cpuUsage();
  const result = run();
  return { result, cpuMs: process.cpuUsage(cpu).user / 1000 };
}

describe(`${OPERATIONS}-operation single-key register histories`, () => {
  it.each(seeds)(
    "seed %i: one planted stale read is illegal, with that read as the witness",
    (seed) => {
      const { history, index } = plantStaleRead(options(seed));
      const { result, cpuMs } = timed(() => checkLinearizable(history, { model: "register" }));
      expect(result.verdict).toBe("illegal");
      expect(result.keys[0]?.method).toBe("unique-values");
      expect(result.witness?.blocked.index).toBe(index);
      expect(history[index]).toMatchObject({ type: "invoke", f: "read" });
      expect(cpuMs).toBeLessThan(TARGET_CPU_MS);
    },
  );

  it.each(seeds)("seed %i: the linearizable history is ok", (seed) => {
    const history = generateHistory(options(seed));
    const { result, cpuMs } = timed(() => checkLinearizable(history, { model: "register" }));
    expect(result).toMatchObject({ verdict: "ok", keys: [{ method: "unique-values" }] });
    expect(cpuMs).toBeLessThan(TARGET_CPU_MS);
  });

  it(`stays under ${TARGET_RSS_MB} MB`, () => {
    expect(process.resourceUsage().maxRSS / 1024).toBeLessThan(TARGET_RSS_MB);
  });
});
