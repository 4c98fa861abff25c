/**
 * fence (implement): the storage's admission check. A client checks its lease, is paused (a
 * long GC pause) while it prepares its write, and wakes after another client took the lock;
 * graded on no write accepted from a superseded lease, the current holder never refused, and
 * no acknowledged increment lost.
 */
import { z } from "zod";
import type { LabTask, RunContext } from "@/lib/labs/types";
import { createSandbox } from "@/lib/sandbox";
import { STUDENT_EXPORTS, systemProgram } from "../compose";
import { gradeFence } from "../grade";
import { runFencingScenario } from "../scenario";
import { LEASE_MS, PREPARE_MS } from "../settings";

export const codeAnswer = z.object({ code: z.string({ error: "code must be the text of your TypeScript" }).min(1, "code is empty: write admit") });

export const STARTER = `type Request = { kind: "read" | "write"; client: string; token: number };

/**
 * The storage calls this for every read and write, with what you returned last time as
 * state (null the first time). Return ok: false to refuse the request, and the state to keep.
 */
export function admit(state: unknown, request: Request): { ok: boolean; state: unknown } {
  return { ok: true, state }; // TODO: fencing
}
`;

export const fence: LabTask = {
  id: "fence",
  kind: "implement",
  title: "Fence off the sleeping client",
  statement: `Four real processes: \`n1\` is a **lock service** that grants a **lease** of ${LEASE_MS} ms together with a **fencing token** — a number that grows by one with every grant; \`n2\` is **storage** holding a counter; \`n3\` and \`n4\` are clients that increment it while holding the lock: acquire, read (sending their token), check that the lease is still valid, spend ${PREPARE_MS} ms preparing the write, write (with the token), release.

The run: \`n4\` increments once. Then \`n3\` acquires the lock, reads, checks its lease — valid — and while it prepares its write it is **paused** (SIGSTOP: a long garbage-collection pause). Its lease runs out; \`n4\` acquires the lock with a newer token and reads. Now \`n3\` wakes up, and sends the write it prepared. Then \`n4\` writes.

The storage calls **your** \`admit(state, request)\` for every read and write. It passes when the storage accepts no write from a client whose lease had been replaced by a newer grant, never refuses the client currently holding the lock, and the counter ends with every acknowledged increment. Before you run:

1. \`n3\` checked its lease before it wrote. Why didn't that help, and where else could the same gap open up without any pause?
2. Storage sees only tokens, never clocks. When \`n3\`'s write arrives, what has the storage already seen that proves the token is stale?
3. What should happen to the *current* holder's write, which carries the same token as its read?`,
  answerSchema: codeAnswer,
  starter: { code: STARTER },
  timeLimitMs: 40_000,
  checksItsScenario: true,
};

export async function runFence(ctx: RunContext, raw: unknown) {
  const { code } = codeAnswer.parse(raw);
  // Load the student's code alone first: a compile error or a missing export is theirs, in their words.
  (await createSandbox(code, { exports: STUDENT_EXPORTS })).dispose();
  return runFencingScenario(ctx, { program: { kind: "sandboxed", code: systemProgram(code, { leaseMs: LEASE_MS, prepareMs: PREPARE_MS }) }, leaseMs: LEASE_MS, grade: gradeFence });
}
