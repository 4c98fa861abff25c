/**
 * The implement grade: the student's code must run (each step returning a mode), and its
 * breaker must take every decision the statement's takes on the same history — the first
 * disagreement is the diagnosis, named by the call that showed it and the situation the
 * scenario put the breaker in there, with a hint for that situation.
 */
import { witnessAt } from "@/lib/checkers/witness-op";
import { LabFailure } from "@/lib/labs/errors";
import type { Grade } from "@/lib/labs/types";
import type { CallRecord } from "./caller";
import type { ImplementRun } from "./scenario-implement";
import type { Divergence } from "./shadow";
import { ms, showTimeline, slowestFailFast } from "./timeline";

const SITUATION: Record<string, string> = {
  lone: "the first call of the run, which failed: 1 failure out of 1 request",
  healthy: "a call of the healthy traffic",
  slow: "the slow call (admitted while closed, just before the outage)",
  outage: "a call during the outage (the service answered 503)",
  probe: "a call after the service had recovered",
  waiting: "a call made while the probe was still out",
  after: "a call made after the slow call had come back",
  closed: "a call after the breaker had closed again",
};

const did = (side: { mode: string; allow?: boolean }, step: Divergence["step"]) =>
  step === "request" ? `${side.allow ? "let the call through" : "refused the call"} and was ${side.mode}` : `was ${side.mode} after its result`;

function hintFor(d: Divergence, label: string): string {
  if (label === "lone") return "minimumVolume: the error rate counts only once the rolling window holds that many outcomes. One failure out of one request says nothing about the service.";
  if (label === "slow") return "A call admitted before the trip that succeeds late says nothing about the service now. While half-open only the probe's result counts: compare result.admittedAt with the time you admitted the probe.";
  if (d.step === "request" && d.before === "half-open" && d.expected.mode === "open" && d.student.mode === "half-open")
    return "The probe has been out longer than probeTimeoutMs: count it as failed and open again (a fresh sleep window from now). A breaker that waits for a probe that never answers stays half-open, refusing everything.";
  if (d.step === "request" && d.before === "half-open" && d.student.allow) return "Half-open lets exactly one call through, the probe; every other call fails fast until it answers or times out.";
  if (d.step === "request" && d.before === "open" && d.student.allow) return "The sleep window runs from when the breaker last opened — after a failed probe too, so the dependency gets a full sleep window before the next probe.";
  if (d.step === "result" && d.expected.mode === "open" && d.student.mode === "closed") return "Trip when the window holds at least minimumVolume outcomes and at least errorThresholdPercent of them failed; outcomes that finished more than rollingWindowMs ago have left the window.";
  return "Follow the statement's rules for this step exactly: which mode the breaker is in, and whether this call may go to the service.";
}

/** The student's code threw or returned nonsense (a LabFailure, in their words); sandbox limits stay errors for the runner. */
function breakerCrash(err: unknown): Grade {
  if (err instanceof LabFailure) return err.toGrade();
  throw err;
}

export function gradeImplement(run: ImplementRun): Grade {
  const details = { timeline: run.transitions, calls: run.calls.length, divergence: run.divergence };
  if (run.breakerError) return breakerCrash(run.breakerError);
  const d = run.divergence;
  if (!d && run.missed)
    return { verdict: "error", errorKind: "internal", diagnosis: `This run could not be graded: ${run.missed} (the machine was too slow to set the situation up).`, hint: "Run it again; tell the instructor if it keeps happening.", details };
  if (d) {
    const call: CallRecord | undefined = run.calls.find((c) => c.at === d.callAt);
    const label = call?.label ?? "unknown";
    const what = d.step === "request" ? `on ${SITUATION[label] ?? "a call"} (at ${ms(d.now)})` : `when the result of ${SITUATION[label] ?? "a call"} arrived (${d.ok ? "a success" : "a failure"}, at ${ms(d.now)})`;
    return {
      verdict: "fail",
      diagnosis: `The breakers parted ${what}: yours ${did(d.student, d.step)}, the statement's ${did(d.expected, d.step)} (both were ${d.before} before). Your timeline up to there: ${showTimeline(run.transitions)}.`,
      hint: hintFor(d, label),
      ...(call ? witnessAt(run.history, "wrong-breaker-decision", call.op) : {}),
      details,
    };
  }
  const sentWhileOpen = run.calls.filter((c) => c.sent && c.label === "outage").length;
  return {
    verdict: "pass",
    diagnosis: `Your breaker took every decision the statement's takes: ${showTimeline(run.transitions)}. It answered refused calls itself within ${ms(slowestFailFast(run.calls))}, let ${sentWhileOpen} call${sentWhileOpen === 1 ? "" : "s"} reach the service during the outage, and ignored both the slow call that succeeded after the trip and the hung probe's late answer.`,
    details,
  };
}
