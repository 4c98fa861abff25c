/**
 * The repair grade, in order of harm: did the replicas run the student's `repair` without
 * failing; did any replica move backwards (a resurrection); after the bounded reads does
 * every replica hold the newest acknowledged version of every key (convergence); and did any
 * read return a value older than a write acknowledged before it began (a read that un-sees).
 */
import { checkConvergence, findStaleReads, witnessAt } from "@/lib/checkers";
import type { Grade } from "@/lib/labs/types";
import type { Cell, ReadDone, RepairRun, Version } from "./scenario";
import { NODES } from "./settings";

export const showVersion = (v: Version) => `(${v.n}, ${v.by})`;
export const showCell = (key: string, c: Cell) => `${key} = ${JSON.stringify(c.value)} ${showVersion(c.version)}`;
const newer = (a: Version, b: Version) => a.n > b.n || (a.n === b.n && a.by > b.by);
const showRead = (r: { op: number; key: string; quorum: string[] }) => `the read of ${r.key} from [${r.quorum.join(", ")}] (operation ${r.op})`;

/** The newest acknowledged version of each key: what every replica must end with. */
export function newestByKey(run: RepairRun): Record<string, Cell> {
  const newest: Record<string, Cell> = {};
  for (const p of run.puts) if (!newest[p.key] || newer(p.version, newest[p.key]!.version)) newest[p.key] = { value: p.value, version: p.version };
  return newest;
}

export function gradeRepair(run: RepairRun): Grade {
  const details = { finals: run.finals, reads: run.reads, regressions: run.regressions };
  if (run.programErrors.length > 0)
    return { verdict: "fail", diagnosis: `Your repair failed inside the replicas: ${run.programErrors.join("; ")}.`, hint: "repair must return { value, version } copied from one of the replies, and writeBack: the ids of replicas that replied.", details };
  const silent = NODES.filter((n) => !run.finals[n]);
  if (silent.length > 0) return { verdict: "fail", diagnosis: `${silent.join(", ")} did not answer when asked what it holds.`, details };
  const failed = run.failedReads[0];
  if (failed) return { verdict: "fail", diagnosis: `${showRead(failed)} did not complete: ${failed.error}.`, details };

  const back = run.regressions[0];
  if (back) {
    const read = run.reads.find((r) => r.op === back.op);
    return {
      verdict: "fail",
      diagnosis: `Resurrection: ${back.node} held ${showCell(back.key, back.from)}, and ${read ? showRead(read) : `a read coordinated by ${back.coordinator}`} wrote back the older ${showCell(back.key, back.to)} — an acknowledged write undone by a read.${run.regressions.length > 1 ? ` (${run.regressions.length} such write-backs in all.)` : ""}`,
      hint: "Choose by version, not by position, count or value: the newest version is the larger counter, and on equal counters the larger replica id. Write back only that, and only to replicas that replied with something older.",
      ...witnessAt(run.history, "resurrecting-read", back.op),
      details,
    };
  }

  const newest = newestByKey(run);
  const behind = NODES.flatMap((node) => Object.entries(newest).filter(([key, cell]) => newer(cell.version, run.finals[node]![key]?.version ?? { n: 0, by: "" })).map(([key, cell]) => ({ node, key, cell, held: run.finals[node]![key] })));
  const first = behind[0];
  if (first) {
    const groups = checkConvergence(run.finals).message;
    const missed = [...run.reads].reverse().find((r: ReadDone) => r.key === first.key && r.quorum.includes(first.node));
    return {
      verdict: "fail",
      diagnosis: `Not converged after ${run.reads.length} reads: ${first.node} still holds ${first.held ? showCell(first.key, first.held) : `nothing for ${first.key}`}, not the newest ${showCell(first.key, first.cell)}${missed ? `, although ${showRead(missed)} asked it and returned ${showCell(first.key, missed)}` : ""}. ${groups}`,
      hint: "A read that saw an older version on a replica in its quorum must write the newest one back to that replica: nothing else (no gossip, no anti-entropy) will ever fix it.",
      ...(missed ? witnessAt(run.history, "unrepaired-read", missed.op) : {}),
      details,
    };
  }

  const stale = findStaleReads(run.history);
  if (stale.verdict === "illegal") {
    const { read } = stale.staleReads[0]!;
    return { verdict: "fail", diagnosis: `The replicas converged, but a read returned an old value: ${stale.message}`, hint: "Return the newest version among the replies — the one you write back — not the coordinator's own or the first reply's.", witness: { kind: "stale-read", op: read }, details };
  }
  const writeBacks = run.reads.reduce((sum, r) => sum + r.wroteBack.length, 0);
  return {
    verdict: "pass",
    diagnosis: `After ${run.reads.length} reads every replica holds the newest acknowledged version of every key; no replica ever moved backwards, and no read returned a value older than a write acknowledged before it. Your repairs wrote back ${writeBacks} time${writeBacks === 1 ? "" : "s"}.`,
    details,
  };
}
