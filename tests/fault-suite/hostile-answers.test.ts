/**
 * The fault suite, part 2: twelve hostile answers to token-bucket's implement task, submitted
 * over HTTP by students while another student's correct answer runs. Each must end in a final
 * state within the task's limit + 15 s with a message that tells the student what their code
 * did (never "the lab crashed", never a pass), replay without gaps, and leave no process or
 * port behind; the workers survive, and the correct answer beside them passes.
 */
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readSolution } from "@/lib/labs/solutions";
import { sleep } from "../runs/support";
import { leftovers, listeningPorts } from "./support/leftovers";
import { startStack, type Stack } from "./support/stack";
import { gapFree, StudentClient, type RunState } from "./support/student";

const LIMIT_MS = 30_000;
/** A file hostile answers try to write: it must never appear. */
const PWNED = path.join(tmpdir(), `faultline-pwned-${process.pid}`);
const WITHIN_MS = LIMIT_MS + 15_000;

const SIGNATURE = "state: any, now: number, cost: number, config: { capacity: number; refillPerSecond: number }";
const REFERENCE_BODY = `
  const last = state ?? { tokens: config.capacity, updatedAt: now };
  const tokens = Math.min(config.capacity, last.tokens + (Math.max(0, now - last.updatedAt) / 1000) * config.refillPerSecond);
  if (tokens >= cost) return { allowed: true, state: { tokens: tokens - cost, updatedAt: now } };
  return { allowed: false, state: { tokens, updatedAt: now } };`;
const correctAllow = `export function allow(${SIGNATURE}) {${REFERENCE_BODY}\n}`;

interface Hostile {
  name: string;
  code: string;
  /** What the student must be told. */
  says: RegExp;
}

const HOSTILE: Hostile[] = [
  { name: "infinite loop", code: `export function allow(${SIGNATURE}) { while (true) {} }`, says: /ran longer than \d+ ms in one call and was stopped/ },
  { name: "memory bomb", code: `const hoard: number[][] = [];\nexport function allow(${SIGNATURE}) { for (;;) hoard.push(new Array(1e6).fill(7)); }`, says: /used more than \d+ MiB of memory and was stopped/ },
  { name: "deep recursion", code: `function down(n: number): number { return down(n + 1) + 1; }\nexport function allow(${SIGNATURE}) { return down(0) as never; }`, says: /recursed too deeply \(line \d+\)/ },
  { name: "require", code: `const fs = require("fs");\nexport function allow(${SIGNATURE}) { fs.writeFileSync(${JSON.stringify(PWNED)}, "1");${REFERENCE_BODY}\n}`, says: /'require' is not defined/ },
  { name: "process", code: `export function allow(${SIGNATURE}) { process.exit(1);${REFERENCE_BODY}\n}`, says: /'process' is not defined/ },
  { name: "fetch", code: `export function allow(${SIGNATURE}) { void fetch("http://127.0.0.1:1/");${REFERENCE_BODY}\n}`, says: /'fetch' is not defined/ },
  {
    name: "constructor escape",
    code: `export function allow(${SIGNATURE}) { const p = (function () {}).constructor("return process")(); p.exit(1);${REFERENCE_BODY}\n}`,
    says: /'process' is not defined/,
  },
  { name: "huge output", code: `export function allow(${SIGNATURE}) { throw new Error("x".repeat(5_000_000)); }`, says: /cut: \d+ more characters/ },
  {
    name: "prototype pollution",
    code: `(Object.prototype as any).allowed = true;\nexport function allow(${SIGNATURE}) { return { state: null } as never; }`,
    says: /must return \{ allowed: boolean, state \}, but it returned \{"state":null\}/,
  },
  { name: "async", code: `export async function allow(${SIGNATURE}) {${REFERENCE_BODY}\n}`, says: /must return synchronously, not a Promise/ },
  // An import() whose result is unused does nothing and a correct allow() beside it passes, rightly;
  // one the answer depends on is a Promise, refused.
  { name: "dynamic import", code: `export function allow(${SIGNATURE}) { return import("fs").then((fs) => fs.writeFileSync(${JSON.stringify(PWNED)}, "1")) as never; }`, says: /must return synchronously, not a Promise/ },
  { name: "overridden built-ins", code: `JSON.stringify = () => { while (true) {} };\nMath.min = () => 1e9;\n${correctAllow}`, says: /must be rejected; your allow\(\) admitted it/ },
];

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ logName: "hostile-answers", env: { FAULTLINE_SUBMIT_RATE: "60" } });
}, 240_000);

afterAll(async () => {
  await stack?.stop();
});

describe("fault suite: hostile implement answers", () => {
  it("each ends in time with a clear message; the workers live on and the correct answer beside them passes", { timeout: 600_000 }, async () => {
    const workerPids = stack.workers.map((w) => w.child.pid!);
    const reference = await StudentClient.signUp(stack.baseUrl, "honest");
    const honestId = await reference.submit("token-bucket", "implement", await readSolution("token-bucket", "implement", "reference"));
    // Three answers per student: each student may have three runs queued or running.
    const submitted: Array<{ hostile: Hostile; student: StudentClient; id: string }> = [];
    for (let i = 0; i < HOSTILE.length; i += 3) {
      const student = await StudentClient.signUp(stack.baseUrl, `hostile-${i / 3}`);
      for (const hostile of HOSTILE.slice(i, i + 3)) submitted.push({ hostile, student, id: await student.submit("token-bucket", "implement", { code: hostile.code }) });
    }

    const db = new pg.Client({ connectionString: stack.databaseUrl });
    await db.connect();
    const verdicts: Array<{ name: string; status: string; errorKind: string | null; diagnosis: string | null; ms: number }> = [];
    try {
      for (const { hostile, student, id } of submitted) {
        const ended: RunState = await student.untilFinal(id, 12 * WITHIN_MS);
        const { rows } = await db.query<{ ms: number }>(`SELECT EXTRACT(EPOCH FROM ("finishedAt" - "startedAt")) * 1000 AS ms FROM lab_run WHERE id = $1`, [id]);
        verdicts.push({ name: hostile.name, status: ended.status, errorKind: ended.errorKind, diagnosis: ended.diagnosis, ms: Math.round(Number(rows[0]!.ms)) });
        const replay = gapFree(await student.stream(id));
        expect(replay.why, `${hostile.name}: replay`).toBeUndefined();
      }
    } finally {
      await db.end();
    }
    console.table(verdicts.map((v) => ({ ...v, diagnosis: v.diagnosis?.slice(0, 120) })));
    for (const [i, v] of verdicts.entries()) {
      const hostile = HOSTILE[i]!;
      expect(v.status, `${v.name}: never a pass`).not.toBe("passed");
      // The student's code failed: never an error that blames the platform.
      expect(["internal", "worker-lost", "timeout", null].includes(v.errorKind) && v.status === "error", `${v.name}: ${v.errorKind}`).toBe(false);
      expect(v.diagnosis, v.name).toMatch(hostile.says);
      expect(v.diagnosis!.length, `${v.name}: the message is cut to a few KB`).toBeLessThan(5_000);
      expect(v.ms, `${v.name}: ended within its limit + 15 s`).toBeLessThan(WITHIN_MS);
    }
    expect(await reference.untilFinal(honestId, WITHIN_MS)).toMatchObject({ status: "passed" });
    // The same worker processes served every run: none was taken down by an answer.
    for (const pid of workerPids) expect(stack.workers.find((w) => w.child.pid === pid)?.child.exitCode).toBeNull();
    let left = leftovers(stack.mark, workerPids);
    for (let i = 0; i < 40 && left.length; i++) {
      await sleep(250);
      left = leftovers(stack.mark, workerPids);
    }
    expect(left).toEqual([]);
    expect(listeningPorts(stack.mark)).toEqual([]);
    expect(existsSync(PWNED), "an answer wrote outside its sandbox").toBe(false);
  });
});
