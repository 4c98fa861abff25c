import type { Grade } from "@/lib/labs/types";
import { checkAdmitted } from "./admitted-windows";
import { explainDecision } from "./explain-decision";
import { firstWrongDecision, type WrongDecision } from "./first-wrong-decision";
import { studentKey, type KeyState } from "./sandboxed-log";
import { RULE } from "./settings";
import { describeDecision, witnessOf, type Decision } from "./traffic";

/** A key may outlive its newest entry by this much: after one window that entry is useless. */
export const MAX_KEY_LIFE_MS = 2 * RULE.windowMs;

export interface ImplementReport {
  decisions: Decision[];
  users: string[];
  /** Each user's key as the last script left it (lab clock). */
  keys: Map<string, KeyState>;
  /** PTTL of each user's key in Redis at the end (-1: no expiry, -2: gone). */
  redisTtl: Record<string, number>;
}

function firstWrong(report: ImplementReport): WrongDecision<Decision> | null {
  const found = report.users.flatMap((user) => {
    const w = firstWrongDecision(
      report.decisions.filter((d) => d.user === user),
      RULE,
    );
    return w ? [w] : [];
  });
  return (
    found.sort((a, b) => a.decision.at - b.decision.at || a.decision.index - b.decision.index)[0] ??
    null
  );
}

/** A key nobody will ever read again that Redis keeps anyway: memory that leaks per user. */
function memoryProblem(report: ImplementReport): string | null {
  for (const [user, key] of report.keys) {
    if (key.entries.length === 0) continue;
    const ttl = report.redisTtl[user];
    if (key.expireAt === null)
      return `Your key ${studentKey(user)} never expires: after the last request at ${key.lastAt} ms it still holds ${key.entries.length} entries (Redis PTTL ${ttl}), and a user who never comes back keeps them forever.`;
    if (key.expireAt - key.lastAt > MAX_KEY_LIFE_MS)
      return `Your key ${studentKey(user)} outlives its use: after the last request at ${key.lastAt} ms it expires only at ${key.expireAt} ms, ${key.expireAt - key.lastAt} ms later, though its entries are useless after ${RULE.windowMs} ms (EXPIRE takes seconds, PEXPIRE milliseconds).`;
  }
  return null;
}

export function gradeImplement(report: ImplementReport): Grade {
  const rolling = checkAdmitted(report.decisions);
  const details = {
    decisions: report.decisions.length,
    admitted: report.decisions.filter((d) => d.allowed).length,
    rollingMax: Object.fromEntries(rolling.keys.map((k) => [k.key, k.worst?.count ?? 0])),
    redisTtl: report.redisTtl,
  };
  const wrong = firstWrong(report);
  if (wrong) {
    const d = wrong.decision;
    const why = explainDecision(wrong, RULE, report.decisions);
    return {
      verdict: "fail",
      diagnosis: `The ${describeDecision(d)}: ${wrong.inWindow} requests had been admitted in the rolling window (${d.at - RULE.windowMs}, ${d.at}] ms, so it must be ${wrong.admit ? "admitted" : "rejected"}; your script ${d.allowed ? "admitted" : "rejected"} it. ${why.sentence}`,
      hint: why.hint,
      witness: { kind: wrong.admit ? "rejected-under-limit" : "over-admitted", op: witnessOf(d) },
      details: { ...details, mistake: why.kind },
    };
  }
  const leak = memoryProblem(report);
  if (leak)
    return {
      verdict: "fail",
      diagnosis: leak,
      hint: `Give the key a TTL each time you add to it: PEXPIRE key ${RULE.windowMs} (milliseconds) is enough.`,
      details,
    };
  if (report.decisions.length === 0)
    return {
      verdict: "error",
      errorKind: "internal",
      diagnosis: "The run ended before any request was decided.",
      hint: "Run it again.",
    };
  const worst = rolling.worst;
  return {
    verdict: "pass",
    diagnosis: `All ${report.decisions.length} decisions were exactly a sliding log's: the most admitted in any rolling ${RULE.windowMs} ms window was ${worst?.count ?? 0} (limit ${RULE.limit}), no request was rejected while its window had room, including exactly one window after a full burst, and every key expires once it is useless.`,
    details,
  };
}
