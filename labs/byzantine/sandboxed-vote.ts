/**
 * The student's vote, run in the sandbox and held to its contract: it returns null (wait for
 * more replies) or one of the replies' { value, version } — a vote cannot make up a value.
 */
import { LabFailure } from "@/lib/labs/errors";
import { boundJson, createSandbox, type Sandbox } from "@/lib/sandbox";
import type { Cell } from "./lies";
import type { Reply, Vote } from "./scenario";

export const VOTE_EXPORTS = ["vote"];
const LIMITS = { exports: VOTE_EXPORTS, callTimeoutMs: 200, totalTimeMs: 10_000 };

export const loadVote = (code: string): Promise<Sandbox> => createSandbox(code, LIMITS);

export function sandboxedVote(box: Sandbox): Vote {
  return (replies, f) => checkDecision(box.call("vote", replies, f), replies);
}

function checkDecision(result: unknown, replies: Reply[]): Cell | null {
  if (result === null || result === undefined) return null;
  const cell = result as Partial<Cell>;
  const sent = replies.find((r) => r.value === cell.value && r.version === cell.version);
  if (typeof result !== "object" || !sent)
    throw new LabFailure(
      `vote returned ${boundJson(result, 200)}, which is not the { value, version } of any reply it was given (${replies.map((r) => `${r.replica}: ${JSON.stringify(r.value)} v${r.version}`).join(", ")}).`,
      "Return null to wait for more replies, or the { value, version } of the replies you trust.",
    );
  return { value: sent.value, version: sent.version };
}
