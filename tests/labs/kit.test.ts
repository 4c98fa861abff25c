import { fileURLToPath } from "node:url";
import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { buildManifest } from "@/lib/labs/manifest";
import { defineLab, LabDefinitionError } from "@/lib/labs/define";
import { listLabIds, loadLab } from "@/lib/labs/discover";
import { LabNotFoundError } from "@/lib/labs/errors";
import { MetricBuckets } from "@/lib/labs/metric-buckets";
import { createRng, mulberry32 } from "@/lib/labs/rng";
import { runLabInProcess } from "@/lib/labs/run-in-process";
import { runSolution, solutionCases } from "@/lib/labs/check-solutions";
import { readSolution } from "@/lib/labs/solutions";
import type { LabEvent, LabTask } from "@/lib/labs/types";

const dir = fileURLToPath(new URL("./fixtures/", import.meta.url));
const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

function run(answer: unknown, extra: { timeLimitMs?: number; signal?: AbortSignal } = {}) {
  const events: LabEvent[] = [];
  const grade = runLabInProcess("kit-probe", "echo", answer, {
    seed: 1,
    redisUrl,
    redisPrefix: "faultline-test:kit:",
    labsDir: dir,
    emit: (e) => events.push(e),
    ...extra,
  });
  return { grade, events };
}

const task: LabTask = {
  id: "t",
  kind: "configure",
  title: "T",
  statement: "S",
  answerSchema: z.object({ a: z.number() }),
  starter: { a: 1 },
  timeLimitMs: 5_000,
};
const lab = {
  id: "demo",
  title: "Demo",
  summary: "Demo lab",
  chapter: "core",
  tasks: [task],
  run: async () => ({ verdict: "pass" as const, diagnosis: "" }),
};

describe("defineLab", () => {
  it("accepts a valid definition", () => {
    expect(defineLab({ ...lab }).id).toBe("demo");
  });

  it("names the lab folder and the field that is wrong", () => {
    expect(() => defineLab({ ...lab, id: "Bad Id" })).toThrow(
      /labs\/Bad Id\/lab\.ts[\s\S]*id: must be a lowercase slug/,
    );
    expect(() => defineLab({ ...lab, tasks: [{ ...task, timeLimitMs: 10 }] })).toThrow(
      /labs\/demo\/lab\.ts[\s\S]*tasks\.0\.timeLimitMs: must be at least 1000 ms/,
    );
    expect(() => defineLab({ ...lab, tasks: [] })).toThrow(/tasks: a lab needs at least one task/);
  });

  it("rejects duplicate task ids and a starter the schema refuses", () => {
    expect(() => defineLab({ ...lab, tasks: [task, task] })).toThrow(/"t" is used by two tasks/);
    expect(() => defineLab({ ...lab, tasks: [{ ...task, starter: { a: "x" } }] })).toThrow(
      LabDefinitionError,
    );
    expect(() => defineLab({ ...lab, tasks: [{ ...task, starter: { a: "x" } }] })).toThrow(
      /tasks\[0\] \(t\)\.starter: does not satisfy answerSchema/,
    );
  });
});

describe("discovery", () => {
  it("finds a lab by its folder and refuses unknown or malformed ids", async () => {
    expect(await listLabIds({ dir })).toEqual(["kit-probe"]);
    expect((await loadLab("kit-probe", { dir })).title).toBe("Kit probe");
    await expect(loadLab("nope", { dir })).rejects.toThrow(
      /No lab "nope"[\s\S]*Known labs: kit-probe/,
    );
    await expect(loadLab("../etc", { dir })).rejects.toBeInstanceOf(LabNotFoundError);
  });

  it("discovers the repo's token-bucket lab", async () => {
    expect(await listLabIds()).toContain("token-bucket");
  });

  it("builds a manifest of plain data with JSON Schemas", async () => {
    const manifest = buildManifest([await loadLab("kit-probe", { dir })]);
    const t = manifest.labs[0]?.tasks[0];
    expect(t?.answerSchema).toMatchObject({
      type: "object",
      properties: { n: { type: "integer", minimum: 1, maximum: 10 } },
    });
    expect(JSON.parse(JSON.stringify(manifest))).toEqual(manifest);
  });
});

describe("solutions", () => {
  it("reads json answers and .ts code", async () => {
    expect(await readSolution("kit-probe", "echo", "reference", { dir })).toEqual({ n: 7 });
    const code = (await readSolution("token-bucket", "implement", "reference")) as { code: string };
    expect(code.code).toContain("export function allow");
    await expect(readSolution("kit-probe", "echo", "../../x", { dir })).rejects.toThrow(
      /not a solution name/,
    );
  });

  it("runs every solution against expected.json", async () => {
    const cases = await solutionCases("kit-probe", { dir });
    expect(cases).toEqual([
      { taskId: "echo", solution: "reference" },
      { taskId: "echo", solution: "wrong-three" },
    ]);
    for (const c of cases)
      expect((await runSolution("kit-probe", c, 1, { dir, redisUrl })).mismatch).toBeNull();
  });
});

describe("runLabInProcess", () => {
  it("emits the phases in order and always tears down", async () => {
    const { grade, events } = run({ n: 7 });
    expect(await grade).toMatchObject({ verdict: "pass" });
    const phases = events.flatMap((e) => (e.kind === "phase" ? [e.phase] : []));
    expect(phases).toEqual([
      "start-system",
      "workload",
      "heal",
      "quiesce",
      "final-reads",
      "check",
      "grade",
      "teardown",
      "done",
    ]);
    expect(events.some((e) => e.kind === "log" && e.message === "cleaned up")).toBe(true);
  });

  it("turns an invalid answer into an invalid-answer error in plain words", async () => {
    const g = await run({ n: 70 }).grade;
    expect(g).toMatchObject({ verdict: "error", errorKind: "invalid-answer" });
    expect(g.diagnosis).toMatch(
      /^Your answer is not valid\. n: Too big: expected number to be <=10\.$/,
    );
  });

  it("stops a run at its time limit, still tearing down", async () => {
    const { grade, events } = run({ n: 7, behave: "hang" }, { timeLimitMs: 300 });
    expect(await grade).toMatchObject({ verdict: "error", errorKind: "timeout" });
    expect(events.some((e) => e.kind === "log" && e.message === "cleaned up")).toBe(true);
  });

  it("reports a system that does not start as system-start, after cleaning up", async () => {
    const { grade, events } = run({ n: 7, behave: "crash" });
    const g = await grade;
    expect(g).toMatchObject({ verdict: "error", errorKind: "system-start" });
    expect(g.diagnosis).toContain("port already in use");
    expect(events.some((e) => e.kind === "log" && e.message === "cleaned up")).toBe(true);
  });

  it("aggregates metric counters into 100 ms buckets", async () => {
    const { grade, events } = run({ n: 7, behave: "count" });
    await grade;
    const metrics = events.flatMap((e) => (e.kind === "metric" ? [e] : []));
    expect(metrics.reduce((sum, m) => sum + (m.counters.admitted ?? 0), 0)).toBe(30);
    expect(metrics.length).toBeLessThan(30);
    expect(metrics.every((m) => m.t % 100 === 0)).toBe(true);
    expect(new Set(metrics.map((m) => m.t)).size).toBe(metrics.length);
  });

  it("refuses an unknown task", async () => {
    await expect(
      runLabInProcess(
        "kit-probe",
        "nope",
        {},
        { seed: 1, redisUrl, redisPrefix: "x:", labsDir: dir },
      ),
    ).rejects.toThrow(/has no task "nope"\. Its tasks: echo/);
  });

  it("removes the run's temp dir", async () => {
    let tmp = "";
    const lab = await loadLab("kit-probe", { dir });
    const original = lab.run;
    lab.run = async (ctx, taskId, answer) => {
      tmp = ctx.tmpDir;
      expect(existsSync(tmp)).toBe(true);
      return original(ctx, taskId, answer);
    };
    try {
      await run({ n: 7 }).grade;
    } finally {
      lab.run = original;
    }
    expect(tmp).not.toBe("");
    expect(existsSync(tmp)).toBe(false);
  });
});

describe("helpers", () => {
  it("mulberry32 is deterministic per seed", () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const xs = Array.from({ length: 5 }, () => a());
    expect(xs).toEqual(Array.from({ length: 5 }, () => b()));
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(mulberry32(43)()).not.toBe(xs[0]);
    const rng = createRng(7);
    expect(rng.fork("a").next()).toBe(createRng(7).fork("a").next());
    expect(rng.shuffle([1, 2, 3, 4]).sort()).toEqual([1, 2, 3, 4]);
  });

  it("MetricBuckets releases only closed buckets", () => {
    const m = new MetricBuckets();
    m.add({ kind: "metric", t: 5, counters: { a: 1 } });
    m.add({ kind: "metric", t: 99, counters: { a: 2, b: 1 } });
    m.add({ kind: "metric", t: 120, counters: { a: 1 } });
    expect(m.takeClosed(150)).toEqual([{ kind: "metric", t: 0, counters: { a: 3, b: 1 } }]);
    expect(m.takeAll()).toEqual([{ kind: "metric", t: 100, counters: { a: 1 } }]);
  });
});
