/**
 * The grade as a viewer sees it, one shape from the stored run to the screen: inside
 * GET /api/runs/:id (RunView), as the SSE `end` event, and in the grade card. It is the lab's
 * Grade as a lab_run row holds it, plus the run's status and whether the run counts.
 */
import type { ErrorKind, Grade, TaskKind, Verdict } from "@/lib/labs/types";
import type { Practice } from "@/lib/people/run-standing";

/** The status a verdict gives its run (./status.ts statusOf). */
export const STATUS_OF_VERDICT = { pass: "passed", fail: "failed", error: "error" } as const satisfies Record<Verdict, string>;

export type FinalStatus = (typeof STATUS_OF_VERDICT)[Verdict];
export type RunStatus = "queued" | "running" | "grading" | FinalStatus;

/** Why a run was not graded: a lab's ErrorKind, or the pipeline's own (the job never queued). */
export type RunErrorKind = ErrorKind | "not-queued";

/** A Grade field as a row stores it: left out is null. */
type AsStored<T> = { [K in keyof T]-?: Exclude<T[K], undefined> | null };

export type GradeView = AsStored<Pick<Grade, "diagnosis" | "hint" | "witness" | "details">> & {
  status: FinalStatus;
  errorKind: RunErrorKind | null;
  /** The task's kind; null when the lab is no longer in the manifest. */
  kind: TaskKind | null;
  /** The run this one replays (an instructor's replay: never counts). */
  replayOf: string | null;
  /** Why this run does not count, when it does not (a replay; a predict task's later run). */
  practice: Practice | null;
};
