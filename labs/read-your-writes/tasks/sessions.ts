/**
 * sessions (implement): the student writes the load balancer's session logic — what a
 * session remembers after each write and read, and where each read goes with which
 * minPosition — run in the sandbox around every operation of a fixed plan over a leader and
 * two lagging followers, one of which crashes. Graded on read-your-writes, monotonic reads,
 * availability and the leader's share of the reads.
 */
import { z } from "zod";
import type { LabTask, RunContext } from "@/lib/labs/types";
import { createSandbox } from "@/lib/sandbox";
import { BALANCER_EXPORTS, sandboxedBalancer } from "../balancer";
import { gradeSessions } from "../grade";
import { CRASHED, EDITOR, READS_AFTER_WRITE, ROUNDS, SESSIONS, sessionPlan, VIEWER, VIEWER_READS, WRITERS } from "../plan";
import { runSessionScenario } from "../scenario";
import { FOLLOWER_LAG_MS, LEADER, MAX_LEADER_SHARE, READ_WAIT_MS } from "../settings";

export const codeAnswer = z.object({ code: z.string({ error: "code must be the text of your TypeScript" }).min(1, "code is empty: write afterWrite, afterRead and routeRead") });

const SANDBOX = { exports: BALANCER_EXPORTS, callTimeoutMs: 200, totalTimeMs: 5_000 };

const STARTER = `/** What the balancer keeps per session (a cookie): JSON. The lab starts each one as { id }. */
type Session = { id: string; [field: string]: unknown };
type WriteReply = { node: string; key: string; position: number };
/** version: the log position of the write whose value this is (0: never written); position: what the node had applied. */
type ReadReply = { node: string; key: string; value: string | null; version: number; position: number };

/** After each acknowledged write of the session (writes always go to the leader, n1). */
export function afterWrite(session: Session, reply: WriteReply): Session {
  return session; // TODO
}

/** After each read of the session that was served. */
export function afterRead(session: Session, reply: ReadReply): Session {
  return session; // TODO
}

/** Where the session's next read goes. up: the nodes that are up, leader first, e.g. ["n1", "n2", "n3"]. */
export function routeRead(session: Session, up: string[]): { node: string; minPosition?: number } {
  return { node: up[up.length - 1]! }; // TODO
}
`;

const share = `${Math.round(MAX_LEADER_SHARE * 100)}%`;

export const sessions: LabTask = {
  id: "sessions",
  kind: "implement",
  title: "Make every session read its own writes",
  statement: `A leader \`${LEADER}\` and two followers \`n2\`, \`n3\`. Every write goes to the leader, which gives it the next **log position** (1, 2, 3, …), applies it, acknowledges it with that position, and ships it to the followers **asynchronously**: the ack does not wait for them. The followers apply the log in order, but they trail the leader — \`n2\` by about ${FOLLOWER_LAG_MS.n2} ms and \`n3\` by about ${FOLLOWER_LAG_MS.n3} ms (the replication links are slow).

Reads go through a load balancer, and you write its **session logic**: \`afterWrite\` and \`afterRead\` update what a session remembers (JSON, like a cookie), and \`routeRead\` picks the node for the session's next read from the nodes its health checks see up. The balancer does **not** know how far each follower has got. A read may carry \`minPosition\`: a node that has applied less holds the read until it has (up to ${READ_WAIT_MS} ms, then it answers "behind" and the read fails). Every read reply says the position of the write it returns (\`version\`) and the position the node had applied.

The plan, one operation at a time, ${ROUNDS} rounds: each of ${WRITERS.length} users (${WRITERS.map((w) => `\`${w}\``).join(", ")}) updates their profile and reads it back ${READS_AFTER_WRITE} times at once; then \`${EDITOR}\` posts news and \`${VIEWER}\`, who never writes, reads it ${VIEWER_READS} times in a row. After round 1, **\`${CRASHED}\` crashes** and stays down (the balancer's list of up nodes no longer has it). It passes when, over all ${SESSIONS.length} sessions:

1. **read-your-writes** — no read returns an older version of a key than the session's own last acknowledged write of it;
2. **monotonic reads** — no read returns an older version of a key than an earlier read in the same session returned;
3. every read is served (none fails), and
4. at most **${share}** of the reads are served by the leader.

Before you run:

1. Right after \`ana\` writes at position 12, her read goes to \`n2\`. What has \`n2\` applied, and what does she see without \`minPosition\`? What if \`minPosition\` is 11?
2. \`${VIEWER}\` never writes, so a token built from writes alone stays at 0. She reads the news from \`n1\`, then from \`n2\` a few milliseconds later. What can she see the second time?
3. Pinning each session to one follower keeps its reads on one node. What happens to the sessions pinned to \`${CRASHED}\`, and what do they lose when they are moved?`,
  answerSchema: codeAnswer,
  starter: { code: STARTER },
  timeLimitMs: 40_000,
};

export async function runSessions(ctx: RunContext, raw: unknown) {
  const { code } = codeAnswer.parse(raw);
  // Load the student's code first, before any node starts: a compile error or a missing export is theirs, in their words.
  const box = await createSandbox(code, SANDBOX);
  try {
    return await runSessionScenario(ctx, { lagMs: FOLLOWER_LAG_MS, sessions: SESSIONS, steps: sessionPlan(ctx.seed), balancer: sandboxedBalancer(box), grade: gradeSessions });
  } finally {
    box.dispose();
  }
}
