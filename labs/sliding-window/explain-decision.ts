/**
 * Why the student's script decided wrongly, read from what it saw and left (its trace): the
 * sentence names the entries, the bound, the member; the hint points at the line to fix.
 */
import type { WrongDecision } from "./first-wrong-decision";
import type { ScriptTrace } from "./sandboxed-log";
import type { Rule } from "./settings";
import type { Decision } from "./traffic";

export interface Explanation {
  kind: string;
  sentence: string;
  hint: string;
}

const inRolling = (score: number, now: number, rule: Rule) =>
  score > now - rule.windowMs && score <= now;
/** The highest whole-ms score a ZREMRANGEBYSCORE max removes ("(1000" → 999). */
const highestRemoved = (max: string) =>
  max.startsWith("(") ? Number(max.slice(1)) - 1 : Number(max);
const list = (scores: number[]) =>
  [...new Set(scores)]
    .slice(0, 3)
    .map((s) => `${s} ms`)
    .join(", ");

function overAdmitted(
  w: WrongDecision<Decision>,
  t: ScriptTrace,
  rule: Rule,
  members: Set<string>,
): Explanation {
  const now = w.decision.at;
  if (t.expired && t.expired.entries.some(([, s]) => inRolling(s, now, rule)))
    return {
      kind: "expired-too-soon",
      sentence: `The key had expired at ${t.expired.at} ms, taking with it entries still inside the rolling window (${list(t.expired.entries.map(([, s]) => s).filter((s) => inRolling(s, now, rule)))}).`,
      hint: `An entry counts for a whole window after it is added: the key must live at least ${rule.windowMs} ms after the last ZADD.`,
    };
  if (t.before.length === 0 && t.after.length === 0)
    return {
      kind: "state-outside-redis",
      sentence: `Redis held no log for user ${w.decision.user} at all: your script keeps its state outside Redis, in the app server's memory, and each app server has its own copy, so each admits its own ${rule.limit}.`,
      hint: "Keep the log in the sorted set at `key`: Redis is the only thing every app server shares.",
    };
  const early = t.removed.filter((r) => inRolling(r.score, now, rule));
  if (early.length) {
    // Trimming everything before the current fixed window (scores are whole ms) is a fixed window.
    const fixed = early.find((r) =>
      r.trims.some(
        ([, max]) => highestRemoved(max) === Math.floor(r.at / rule.windowMs) * rule.windowMs - 1,
      ),
    );
    return {
      kind: fixed ? "fixed-window" : "trim-too-far",
      sentence: `Your ZREMRANGEBYSCORE removed entries that are still inside the rolling window (${now - rule.windowMs}, ${now}] ms: ${list(early.map((r) => r.score))}${fixed ? `. At ${fixed.at} ms it trimmed everything before the start of the current fixed window, so it is a fixed window and lets twice the limit through around a boundary` : ""}.`,
      hint: `At \`now\`, an entry is out of the window when its score ≤ now − window: remove exactly those.`,
    };
  }
  const logged = t.before.filter(([, s]) => inRolling(s, now, rule));
  if (logged.length < w.inWindow)
    return {
      kind: "member-collision",
      sentence: `Your log held ${logged.length} entries in the window for the ${w.inWindow} requests admitted in it: ${logged.some(([m]) => !members.has(m)) ? "its members are not the request ids, so two requests in the same millisecond got the same member and ZADD kept one" : "admitted requests are missing from it"}.`,
      hint: "A sorted set keeps one entry per member: use the `member` argument, unique per request, and the time as the score.",
    };
  return {
    kind: "off-by-one-over",
    sentence: `Your log held all ${logged.length} of them and your script still admitted it: the window is full when it holds ${rule.limit}.`,
    hint: "Compare the count with the limit before adding: admit only while ZCARD < limit.",
  };
}

function underAdmitted(
  w: WrongDecision<Decision>,
  t: ScriptTrace,
  rule: Rule,
  rejected: Set<string>,
): Explanation {
  const now = w.decision.at;
  const stale = t.after.filter(([, s]) => s <= now - rule.windowMs).map(([, s]) => s);
  if (stale.length)
    return {
      kind: "trim-too-little",
      sentence: `Entries older than the window still count: after your script the log still held entries at ${list(stale)}, a whole window (${rule.windowMs} ms) or more before now (${now} ms).`,
      hint: `Remove every score ≤ now − window (ZREMRANGEBYSCORE key -inf now-window), inclusive, before you count.`,
    };
  const ghosts = [...t.before, ...t.after].filter(([m]) => rejected.has(m));
  if (ghosts.length)
    return {
      kind: "logs-rejections",
      sentence: `Your log counts rejected requests: it held ${new Set(t.before.map(([m]) => m)).size} entries, ${new Set(ghosts.map(([m]) => m)).size} of them requests that had been rejected. A busy client stays locked out for as long as it keeps retrying.`,
      hint: "Add a request to the log only once it is admitted (or remove it again when it is not).",
    };
  return {
    kind: "off-by-one-under",
    sentence: `Your script treats the window as full with ${w.inWindow} entries, fewer than the limit of ${rule.limit}: every full window loses one request.`,
    hint: "The window is full at exactly `limit` entries: admit while ZCARD < limit.",
  };
}

export function explainDecision(
  w: WrongDecision<Decision>,
  rule: Rule,
  all: Decision[],
): Explanation {
  const trace = w.decision.trace as ScriptTrace;
  return w.admit
    ? underAdmitted(
        w,
        trace,
        rule,
        new Set(all.filter((d) => d.allowed === false).map((d) => d.member)),
      )
    : overAdmitted(w, trace, rule, new Set(all.map((d) => d.member)));
}
