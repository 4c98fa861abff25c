import type { Grade } from "@/lib/labs/types";
import type { DecisionChains, Mismatch } from "./decision-chain";
import { formatTokens, UNITS_PER_TOKEN } from "./exact-bucket";
import { explainMismatch } from "./explain-mismatch";
import { IMPLEMENT_BUCKET } from "./scenario-implement";
import { witnessOf, type Request } from "./workload";

export interface ImplementReport {
  chains: DecisionChains<Request>;
  mismatch: Mismatch<Request> | null;
  /** The mismatching user's decisions, replayed alone in a fresh sandbox. */
  replayedAlone: boolean[] | null;
  requests: number;
}

/** "the main user's request 37 (process 2, cost 3, at 0.41 s)": the op the timeline highlights. */
function describeRequest(m: Mismatch<Request>): string {
  const r = m.decision.ref;
  return `The ${r.user} user's request ${m.position + 1} (process ${r.process}, cost ${r.cost}, at ${(r.callTime / 1000).toFixed(2)} s)`;
}

export function gradeImplement(report: ImplementReport): Grade {
  const { chains, mismatch } = report;
  const details = {
    decisionsChecked: chains.checked,
    /** Decisions after a reply that never came back: their place in the chain is unknown. */
    decisionsUnchecked: chains.unchecked,
    exactTies: chains.ties,
    fullBucketBoundaries: chains.fullBucketBoundaries,
    requests: report.requests,
  };
  if (mismatch) {
    const { ideal, decision } = mismatch;
    const held = ideal.full
      ? `was full (${IMPLEMENT_BUCKET.capacity} tokens)`
      : `held ${formatTokens(ideal.before)} tokens`;
    const why = explainMismatch(mismatch, chains.chains, IMPLEMENT_BUCKET, report.replayedAlone);
    return {
      verdict: "fail",
      diagnosis: `${describeRequest(mismatch)}: the bucket ${held}, so it must be ${ideal.allowed ? "admitted" : "rejected"}; your allow() ${decision.allowed ? "admitted" : "rejected"} it. ${why.sentence}`,
      hint: why.hint,
      witness: { kind: "wrong-decision", op: witnessOf(decision.ref) },
      details: {
        ...details,
        mistake: why.kind,
        tokensHeld: ideal.before / UNITS_PER_TOKEN,
        user: decision.user,
      },
    };
  }
  if (chains.checked === 0 || chains.fullBucketBoundaries === 0) {
    return {
      verdict: "error",
      errorKind: "internal",
      diagnosis: "The run ended before it could check your decisions on a full bucket.",
      hint: "Run it again.",
      details,
    };
  }
  return {
    verdict: "pass",
    diagnosis: `All ${chains.checked} decisions are exactly those of a token bucket, replayed in commit order per user: including ${chains.fullBucketBoundaries} requests costing the whole capacity on a full bucket, bursts after idling, and a noisy neighbour that never touched the main user's tokens.`,
    details,
  };
}
