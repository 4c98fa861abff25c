/**
 * The contract between labs (labs/<id>/), the lab kit (lib/labs) and the run pipeline
 * (lib/runs, workers/). A lab is data plus one `run` function; the pipeline never needs to
 * know what a lab does inside.
 */
import type { z } from "zod";
import type { HistoryOp } from "@/lib/history/types";
import type { WitnessOp } from "@/lib/checkers/witness-op";

export type TaskKind = "configure" | "implement" | "break" | "predict";

export type Phase =
  | "queued"
  | "start-system"
  | "workload"
  | "heal"
  | "quiesce"
  | "final-reads"
  | "check"
  | "grade"
  | "teardown"
  | "done";

export interface LabTask {
  id: string;
  kind: TaskKind;
  title: string;
  /** Markdown shown above the inputs. */
  statement: string;
  /** Validates the student's answer; its JSON Schema (z.toJSONSchema) drives the form. */
  answerSchema: z.ZodType;
  /** Pre-filled answer (for implement tasks: the starter code as { code }). */
  starter: unknown;
  /** Longest a run of this task may take, in ms (the worker enforces it). */
  timeLimitMs: number;
  /**
   * The task's answer space with the verdict theory gives each answer (besides the stored
   * solutions in solutions/<task>/): `npm run labs:verify` runs every row on 10 seeds.
   */
  verdictTable?: () => VerdictCase[];
  /** Below this much answered work the run is not graded (see MinimumWorkload). */
  minimumWorkload?: MinimumWorkload;
  /**
   * A scripted scenario whose grade checks that its steps happened in order, and is
   * `notExercised` (lib/labs/workload-tally.ts) when they did not: a starved run is not graded.
   */
  checksItsScenario?: true;
}

/** What a verdict-table row (or a stored solution) must be graded. */
export interface ExpectedGrade {
  verdict: Verdict;
  /** A phrase the diagnosis must contain (case-insensitive): proves the RIGHT failure was found. */
  diagnosisIncludes?: string;
  errorKind?: ErrorKind;
}

/** One row of a task's verdict table: an answer and the grade theory gives it on every seed. */
export interface VerdictCase {
  /** Short label shown in the table, e.g. "W=2 R=3". */
  name: string;
  answer: unknown;
  expected: ExpectedGrade;
  /** Why theory gives that verdict, in a few words (printed in the table). */
  why?: string;
}

/** What a run of a lab emits while it happens; streamed live and stored for replay. */
export type LabEvent =
  | { kind: "phase"; t: number; phase: Phase }
  | { kind: "op"; t: number; op: HistoryOp }
  | {
      kind: "fault";
      t: number;
      fault: string;
      action: "start" | "stop";
      target?: string;
      detail?: Record<string, unknown>;
    }
  | { kind: "state"; t: number; subject: string; state: string; detail?: Record<string, unknown> }
  /** Counters aggregated per 100 ms bucket, e.g. { admitted: 12, rejected: 3 }. */
  | { kind: "metric"; t: number; counters: Record<string, number> }
  | { kind: "log"; t: number; level: "info" | "warn" | "error"; message: string }
  /** A message between nodes (or a node and a client): sent, received, or lost on the way out. */
  | {
      kind: "message";
      t: number;
      phase: "send" | "recv" | "lost";
      from: string;
      to: string;
      type: string;
      msgId?: number;
      body: Record<string, unknown>;
    };

export type Verdict = "pass" | "fail" | "error";

/** Why a run could not be graded; never counts as a failed attempt. */
export type ErrorKind =
  | "timeout"
  | "sandbox-limit"
  | "system-start"
  | "invalid-answer"
  | "internal"
  | "worker-lost"
  /** The workload got too little done, or the scenario's steps did not happen: nothing was tested (lib/labs/workload-tally.ts). */
  | "overloaded";

/**
 * How much of its workload a task's scenario needs answered before its grade means anything:
 * below it the run is an "overloaded" error, never a pass or a fail. Set it well under what a
 * quiet machine gets done (`details.workload` of any grade) and above what a starved run does.
 */
export interface MinimumWorkload {
  /** Operations of the workload phase with a definite answer (ok or fail). */
  answered: number;
  /** What they are, plural, for the diagnosis: "adds", "requests". */
  what: string;
}

export interface Grade {
  verdict: Verdict;
  /** One or two sentences a student understands: what happened. */
  diagnosis: string;
  /** What to try next (fail) or what to do (error). */
  hint?: string;
  errorKind?: ErrorKind;
  /**
   * The one operation the diagnosis is about (the stale read, the operation no order can
   * explain, the over-admitted request): stored with the run, highlighted in the history
   * timeline. Its `index` is the op's position in the run's recorded history.
   */
  witness?: GradeWitness;
  /** Machine-readable evidence: measured rates, checker output, etc. */
  details?: Record<string, unknown>;
}

export interface GradeWitness {
  /** What the operation shows, e.g. "stale-read", "not-linearizable", "over-admitted". */
  kind: string;
  op: WitnessOp;
  /** Other operations the diagnosis names (e.g. the write a stale read missed). */
  related?: WitnessOp[];
}

export interface RunContext {
  runId: string;
  seed: number;
  /** Aborted on timeout or worker shutdown: stop promptly, teardown still runs. */
  signal: AbortSignal;
  /** Private temp dir for this run, removed afterwards. */
  tmpDir: string;
  redisUrl: string;
  /** Every Redis key the run's system uses must start with this. */
  redisPrefix: string;
  /** The labs database (never the app's): a run that needs Postgres makes its own schema there (lib/labs/lab-schema.ts). */
  labDatabaseUrl: string;
  /** Milliseconds since the run started. */
  now(): number;
  emit(event: LabEvent): void;
}

export interface LabDefinition {
  id: string;
  title: string;
  summary: string;
  /** Chapter slug that embeds the lab. */
  chapter: string;
  tasks: LabTask[];
  /** How the run view names its telemetry; optional, conventions cover the rest. */
  view?: LabView;
  run(ctx: RunContext, taskId: string, answer: unknown): Promise<Grade>;
}

/**
 * What a lab may say about drawing its telemetry (components/labs/run-series.ts has the
 * conventions it refines). It reaches the browser through the labs manifest.
 */
export interface LabView {
  /**
   * Charts of the lab's metric counters, in order. A counter `<name>_<key>` (e.g.
   * `admitted_alice`) is drawn in a chart of its own, "<name> by key", not with the totals.
   * Counters no chart names are drawn together in one more chart.
   */
  charts?: { title: string; unit: string; counters: string[] }[];
  /**
   * State subjects drawn as a number over time instead of a lane of words: every subject
   * starting with `subjectPrefix` (e.g. `bucket:`) is one line, `detail[field]` its value.
   */
  levels?: { subjectPrefix: string; field: string; title: string; unit: string }[];
}
