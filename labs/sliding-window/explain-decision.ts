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

const inRolling = (score: number, now: number, rule: Rule) => score > now - rule.windowMs && score <= now;
const list = (scores: number[]) => [...new Set(scores)].slice(0, 3).map((s) => `${s} ms`).join(", ");

function overAdmitted(w: WrongDecision<Decision>, t: ScriptTrace, rule: Rule, members: Set<string>): Explanation {
  const now = w.decision.at;
  if (t.expired && t.expired.entries.some(([, s]) => inRolling(s, now, rule)))
    return {
      kind: "expired-too-soon",
      sentence: `The key had expired at ${t.expired.at} ms, taking with it entries still inside the rolling window (${list(t.expired.entries.map(([, s]) => s).filter((s) => inRolling(s, now, rule)))}).`,
      hint: `An entry counts for a whole window after it is added: the key must live at least ${rule.windowMs} ms after the last ZADD.`,
    };
  const kept = new Set(t.after.map(([m]) => m));
  const dropped = t.before.filter(([m, s]) => !kept.has(m) && inRolling(s, now, rule)).map(([, s]) => s);
  if (dropped.length) {
    const fixedStart = Math.floor(now / rule.windowMs) * rule.windowMs;
    // Not an off-by-one: it dropped recent entries, and everything before the fixed window.
    const likeFixed =
      Math.max(...dropped) >= now - rule.windowMs + 2 &&
      Math.max(...dropped) < fixedStart &&
      t.after.every(([, s]) => s >= fixedStart);
    return {
      kind: likeFixed ? "fixed-window" : "trim-too-far",
      sentence: `Your ZREMRANGEBYSCORE removed entries still inside the rolling window (${now - rule.windowMs}, ${now}] ms: ${list(dropped)}${likeFixed ? `. It trims at the start of the current fixed window (${fixedStart} ms), so it is a fixed window and lets twice the limit through around a boundary` : ""}.`,
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

function underAdmitted(w: WrongDecision<Decision>, t: ScriptTrace, rule: Rule, rejected: Set<string>): Explanation {
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
    ? underAdmitted(w, trace, rule, new Set(all.filter((d) => d.allowed === false).map((d) => d.member)))
    : overAdmitted(w, trace, rule, new Set(all.map((d) => d.member)));
}
