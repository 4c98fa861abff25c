import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { LABS_DIR } from "./discover";

export interface ScaffoldOptions {
  dir?: string;
  title?: string;
  chapter?: string;
}

const ID = /^[a-z][a-z0-9-]*$/;

/**
 * The files of a new lab: a working definition with one configure task against the real
 * Redis, a reference and a wrong solution with its expected diagnosis, and the test that
 * proves both. Replace the system, workload and checks; keep the shape.
 */
function files(id: string, title: string, chapter: string): Record<string, string> {
  return {
    "lab.ts": `import { Redis } from "ioredis";
import { z } from "zod";
import { defineLab } from "@/lib/labs/define";
import { runPhases } from "@/lib/labs/phases";
import { createRng } from "@/lib/labs/rng";
import type { Grade, RunContext } from "@/lib/labs/types";

const REQUESTS = 20;
const TARGET = 10;

const answerSchema = z.object({
  limit: z.number({ error: "limit must be a number" }).int("limit must be a whole number").min(0).max(1_000),
});
type Answer = z.infer<typeof answerSchema>;

/** Start a Redis client → send requests through a counter → read it back → grade. */
function run(ctx: RunContext, answer: Answer): Promise<Grade> {
  const key = \`\${ctx.redisPrefix}${id}:count\`;
  return runPhases(ctx, {
    async startSystem(onTeardown) {
      const redis = new Redis(ctx.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
      onTeardown(() => void redis.disconnect());
      await redis.connect();
      onTeardown(async () => void (await redis.del(key)));
      return { redis, admitted: 0 };
    },
    async workload(sys) {
      const rng = createRng(ctx.seed);
      for (let i = 0; i < REQUESTS; i++) {
        const process = rng.int(0, 3);
        ctx.emit({ kind: "op", t: ctx.now(), op: { process, type: "invoke", f: "acquire" } });
        const allowed = (await sys.redis.incr(key)) <= answer.limit;
        if (allowed) sys.admitted++;
        ctx.emit({ kind: "op", t: ctx.now(), op: allowed ? { process, type: "ok", f: "acquire" } : { process, type: "fail", f: "acquire", error: "rejected" } });
        ctx.emit({ kind: "metric", t: ctx.now(), counters: { [allowed ? "admitted" : "rejected"]: 1 } });
      }
    },
    finalReads: async (sys) => void ctx.emit({ kind: "state", t: ctx.now(), subject: "counter", state: String(await sys.redis.get(key)) }),
    check: (sys) => sys.admitted,
    grade: (admitted) =>
      admitted === TARGET
        ? { verdict: "pass", diagnosis: \`Exactly \${TARGET} of \${REQUESTS} requests were admitted.\` }
        : { verdict: "fail", diagnosis: \`\${admitted} of \${REQUESTS} requests were admitted, the target is \${TARGET}.\`, hint: "The limit is how many requests get through." },
  });
}

export default defineLab({
  id: "${id}",
  title: ${JSON.stringify(title)},
  summary: "TODO: one sentence on what the student breaks and learns.",
  chapter: "${chapter}",
  tasks: [
    {
      id: "limit",
      kind: "configure",
      title: "Pick the limit",
      statement: \`\${REQUESTS} requests arrive. Let exactly **\${TARGET}** through.\`,
      answerSchema,
      starter: { limit: 5 } satisfies Answer,
      timeLimitMs: 20_000,
    },
  ],
  run: (ctx, _taskId, answer) => run(ctx, answerSchema.parse(answer)),
});
`,
    "solutions/limit/reference.json": `{ "limit": 10 }\n`,
    "solutions/limit/wrong-too-high.json": `{ "limit": 15 }\n`,
    "solutions/limit/expected.json": `{\n  "wrong-too-high": { "verdict": "fail", "diagnosisIncludes": "15 of 20 requests were admitted" }\n}\n`,
    "lab.test.ts": `import { describe, expect, it } from "vitest";
import { runSolution, solutionCases } from "@/lib/labs/check-solutions";

const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const dir = new URL("../", import.meta.url).pathname;
const cases = await solutionCases("${id}", { dir });

describe("${id} solutions (real Redis)", () => {
  it.each(cases.map((c) => [\`\${c.taskId}/\${c.solution}\`, c] as const))("%s grades as expected.json says", async (_name, c) => {
    const run = await runSolution("${id}", c, 1, { redisUrl, dir });
    expect(run.mismatch, run.grade.diagnosis).toBeNull();
  });
});
`,
  };
}

/** Creates labs/<id>/ and returns the files written; refuses to overwrite an existing lab. */
export async function scaffoldLab(
  id: string,
  { dir = LABS_DIR, title, chapter = "core-concepts" }: ScaffoldOptions = {},
): Promise<string[]> {
  if (!ID.test(id))
    throw new Error(`"${id}" is not a valid lab id: use a lowercase slug like "circuit-breaker"`);
  if (!ID.test(chapter))
    throw new Error(`"${chapter}" is not a chapter slug: use e.g. "resilient-apis"`);
  const root = join(dir, id);
  if (existsSync(root))
    throw new Error(`${root} already exists; pick another id or delete it first`);
  const written: string[] = [];
  for (const [rel, text] of Object.entries(
    files(id, title ?? id.replace(/-/g, " ").replace(/^./, (c) => c.toUpperCase()), chapter),
  )) {
    const path = join(root, rel);
    await mkdir(join(path, ".."), { recursive: true });
    await writeFile(path, text);
    written.push(path);
  }
  return written;
}
