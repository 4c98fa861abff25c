import { describe, expect, it } from "vitest";
import { checkLinearizable } from "@/lib/checkers";
import {
  ConfigurationCache,
  MAX_CONFIGURATIONS,
} from "@/lib/checkers/linearizability/configuration-cache";
import { readHistoryFile } from "@/lib/history/load";
import { plantStaleRead } from "./register-histories";

const hardFile = "tests/fixtures/porcupine/etcd/etcd_002.log";

describe("the search's configuration cache", () => {
  it("never holds more than V8's Map limit, and says when it is full", () => {
    expect(new ConfigurationCache(1, Object.is).capacity).toBe(MAX_CONFIGURATIONS);
    expect(MAX_CONFIGURATIONS).toBe(2 ** 24);
    const cache = new ConfigurationCache(1, Object.is, 3);
    const bits = new Int32Array(1);
    for (let i = 0; i < 3; i++) {
      expect(cache.full).toBe(false);
      expect(cache.add(i, bits, i)).toBe(true);
    }
    expect(cache.full).toBe(true);
    expect(cache.add(1, bits, 1)).toBe(false); // still finds what it holds
  });

  it("keeps every entry findable across rehashes and hash collisions", () => {
    const cache = new ConfigurationCache(2, Object.is);
    const bits = new Int32Array(2);
    for (let i = 0; i < 2000; i++) {
      bits[1] = i;
      expect(cache.add(i & 7, bits, i % 3)).toBe(true);
    }
    for (let i = 0; i < 2000; i++) {
      bits[1] = i;
      expect(cache.add(i & 7, bits, i % 3)).toBe(false);
    }
    expect(cache.size).toBe(2000);
  });

  it("asks whether two different state ids stand for equal states", () => {
    // Ids 3 and 13 stand for one state, as after the state table stopped interning.
    const sameState = (a: number, b: number) => a % 10 === b % 10;
    const cache = new ConfigurationCache(1, sameState);
    const bits = new Int32Array([5]);
    expect(cache.add(42, bits, 3)).toBe(true);
    expect(cache.add(42, bits, 13)).toBe(false);
    expect(cache.add(42, bits, 4)).toBe(true);
    bits[0] = 6;
    expect(cache.add(42, bits, 13)).toBe(true);
    expect(cache.size).toBe(3);
  });

  it("ends as unknown, not a throw, when a search fills it", async () => {
    const hard = await readHistoryFile(hardFile);
    const capped = checkLinearizable(hard, { model: "register", maxConfigurations: 1000 });
    expect(capped.verdict).toBe("unknown");
    expect(capped.keys[0]).toMatchObject({ verdict: "unknown", method: "search" });
    expect(capped.elapsedMs).toBeLessThan(5000);
    // The cap, not the history, made it unknown.
    expect(checkLinearizable(hard, { model: "register" }).verdict).toBe("ok");
  });
});

describe("the time budget", () => {
  it("holds within 100 ms on a history the search cannot finish", () => {
    const { history } = plantStaleRead({ seed: 1, operations: 2000, clients: 4, infoWrites: 0.02 });
    const started = performance.now();
    const result = checkLinearizable(history, {
      model: "register",
      method: "search",
      timeBudgetMs: 200,
    });
    const wallMs = performance.now() - started;
    expect(result.verdict).toBe("unknown");
    expect(result.keys[0]?.method).toBe("search");
    expect(wallMs).toBeLessThan(300);
  });
});

describe("the search's work", () => {
  // What the search explores, pinned: a cheaper step must not change it. Counts of commit
  // a739ce1 (instrumented) before reads were linearized for good where they may be (search.ts),
  // which skips the orders that put a read later: 179127, 123412, 73607, 658, 177864.
  it.each([
    ["etcd/etcd_002.log", "register", 167150],
    ["etcd/etcd_007.log", "register", 98635],
    ["etcd/etcd_057.log", "register", 70186],
    ["kv/c10-ok.txt", "kv", 654],
    // Appends make almost every state new: the state table stops interning on this one.
    ["kv/c50-ok.txt", "kv", 175959],
  ] as const)("%s: visits the same configurations as before", async (file, model, expected) => {
    const history = await readHistoryFile(`tests/fixtures/porcupine/${file}`);
    const result = checkLinearizable(history, { model, timeBudgetMs: 60_000 });
    expect(result.keys.reduce((total, k) => total + (k.configurations ?? 0), 0)).toBe(expected);
  });
});
