/**
 * vote (implement): the client's vote over the replies of N = 3f + 1 replicas, one of them a
 * traitor that forges, replays and equivocates — and always answers twice — while an honest
 * one is too slow for any read. Graded on never returning a value no honest replica holds,
 * and on every read deciding in time.
 */
import { z } from "zod";
import type { LabTask, RunContext } from "@/lib/labs/types";
import { gradeVote } from "../grade";
import { runByzantineScenario } from "../scenario";
import { loadVote, sandboxedVote } from "../sandboxed-vote";
import { F, N_DEFAULT, READ_DEADLINE_MS, READERS, ROUNDS } from "../settings";

export const codeAnswer = z.object({ code: z.string({ error: "code must be the text of your TypeScript" }).min(1, "code is empty: write vote") });

const STARTER = `type Reply = { replica: string; value: string | null; version: number };

/**
 * Called each time a reply arrives, with every reply so far (in arrival order). Return the
 * { value, version } to give the reader, or null to wait for more replies.
 * f: how many replicas may be traitors.
 */
export function vote(replies: Reply[], f: number): { value: string | null; version: number } | null {
  const first = replies[0];
  return first ? { value: first.value, version: first.version } : null; // TODO
}
`;

export const vote: LabTask = {
  id: "vote",
  kind: "implement",
  title: "Write the client's vote",
  statement: `A register is kept by **N = ${N_DEFAULT} replicas** \`n1\` … \`n${N_DEFAULT}\`, of which at most **f = ${F}** is a **traitor** (a Byzantine replica: it may answer anything). A trusted writer writes each new version to every replica and waits until all of them have it. Then two readers, ${READERS.map((r) => `\`${r}\``).join(" and ")}, each ask every replica for the value; each time a reply arrives the client calls **your** \`vote(replies, f)\` with all replies so far, and the first non-null answer is what the read returns. A read that has not decided within ${READ_DEADLINE_MS} ms has failed. \`replica\` in a reply is the connection it came in on, so the client knows who sent it; what the reply *says* is up to the sender.

The network is asynchronous: honest replies take a few tens to a few hundred milliseconds, and during reads one honest replica is far slower than any read can wait — the client cannot tell it from a traitor that stays silent. The run has ${ROUNDS} rounds (a write, then both reads), and the traitor tells a different lie each round: a made-up value with a higher version, an old value replayed, a different made-up value to each reader, a made-up value under the real version, the real value under a made-up version. A reply costs it nothing, so it usually sends each one **twice**. Which replica is slow changes from round to round.

It passes when no read ever returns a \`{ value, version }\` that no honest replica holds, and every read decides in time. Before you run:

1. The traitor's reply arrives first, twice. How many *replicas* have vouched for its value?
2. Why is a higher version no reason to trust a reply?
3. With one replica slow and one lying, how many matching replies can a read count on — and why is that enough?`,
  answerSchema: codeAnswer,
  starter: { code: STARTER },
  timeLimitMs: 40_000,
};

export async function runVote(ctx: RunContext, raw: unknown) {
  const { code } = codeAnswer.parse(raw);
  // Loaded before any replica starts: a compile error or a missing export is the student's, in their words.
  const box = await loadVote(code);
  try {
    return await runByzantineScenario(ctx, { n: N_DEFAULT, vote: sandboxedVote(box), grade: gradeVote });
  } finally {
    box.dispose();
  }
}
