import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { checkLinearizable } from "@/lib/checkers";
import { readHistoryFile } from "@/lib/history/load";
import type { History, HistoryOp } from "@/lib/history/types";

const suite = "tests/fixtures/porcupine";
const files = readFileSync(`${suite}/verdicts.tsv`, "utf8")
  .trim()
  .split("\n")
  .slice(1)
  .map((line) => line.split("\t")[0]!);

/**
 * The recorded histories use cas (etcd) or append (kv), and write some values twice, so the
 * polynomial path applies to none of them as they are. These keep their timing and make
 * the writes distinct: cas dropped, appends made puts, each write's value tagged with its
 * ordinal, and each read naming the latest write (of its key) of the value it saw, invoked
 * before it returned — for kv, the value is the last element appended.
 */
function distinctWrites(history: History, kv: boolean): History {
  const latest = new Map<string, string>();
  const tags = new Map<number, string>();
  let n = 0;
  const out: HistoryOp[] = [];
  for (const e of history) {
    if (e.f === "cas") continue;
    const write = e.f === "write" || e.f === "put" || e.f === "append";
    const f = e.f === "append" ? "put" : e.f;
    if (write && e.type === "invoke") {
      const tag = `${JSON.stringify(e.value)}#${++n}`;
      tags.set(e.process, tag);
      latest.set(`${e.key}/${JSON.stringify(e.value)}`, tag);
    }
    const seen =
      kv && typeof e.value === "string" ? e.value.match(/x \d+ \d+ y/g)?.at(-1) : e.value;
    if (write) out.push({ ...e, f, value: tags.get(e.process) });
    else if (e.type === "ok" && seen !== null && seen !== undefined)
      out.push({ ...e, value: latest.get(`${e.key}/${JSON.stringify(seen)}`) ?? "never written" });
    else out.push(e);
  }
  return out;
}

describe("unique-values path on Porcupine's histories made distinct", () => {
  it("agrees with the search on every file where the search finishes", async () => {
    const verdicts = { ok: 0, illegal: 0, searchUnknown: 0 };
    for (const file of files) {
      const kv = file.startsWith("kv/");
      const recorded = await readHistoryFile(`${suite}/${file}`);
      const history = distinctWrites(recorded, kv);
      const model = kv ? "kv" : "register";
      const poly = checkLinearizable(history, { model });
      expect(
        poly.keys.every((k) => k.method === "unique-values"),
        file,
      ).toBe(true);
      expect(poly.verdict, file).not.toBe("unknown");
      const searched = checkLinearizable(history, { model, method: "search", timeBudgetMs: 2000 });
      if (searched.verdict === "unknown") {
        verdicts.searchUnknown++;
        continue;
      }
      expect(poly.verdict, file).toBe(searched.verdict);
      verdicts[poly.verdict as "ok" | "illegal"]++;
    }
    expect(verdicts.ok + verdicts.illegal + verdicts.searchUnknown).toBe(108);
    expect(verdicts.searchUnknown).toBeLessThan(10);
    expect(verdicts.ok).toBeGreaterThan(5);
    expect(verdicts.illegal).toBeGreaterThan(5);
    console.log("made-distinct Porcupine files:", verdicts);
  });

  it("as recorded, they fall back to the search (cas, append, values written twice)", async () => {
    for (const file of ["etcd/etcd_000.log", "kv/c01-ok.txt"]) {
      const history = await readHistoryFile(`${suite}/${file}`);
      const result = checkLinearizable(history, {
        model: file.startsWith("kv/") ? "kv" : "register",
      });
      expect(result.keys.every((k) => k.method === "search")).toBe(true);
    }
  });
});
