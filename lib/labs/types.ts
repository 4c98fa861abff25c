/**
 * The contract between labs (labs/<id>/), the lab kit (lib/labs) and the run pipeline
 * (lib/runs, workers/). A lab is data plus one `run` function; the pipeline never needs to
 * know what a lab does inside.
 */
import type { z } from "zod";
import type { HistoryOp } from "@/lib/history/types";

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
  | { kind: "log"; t: number; level: "info" | "warn" | "error"; message: string };

export type Verdict = "pass" | "fail" | "error";

/** Why a run could not be graded; never counts as a failed attempt. */
export type ErrorKind =
  "timeout" | "sandbox-limit" | "system-start" | "invalid-answer" | "internal" | "worker-lost";

export interface Grade {
  verdict: Verdict;
  /** One or two sentences a student understands: what happened. */
  diagnosis: string;
  /** What to try next (fail) or what to do (error). */
  hint?: string;
  errorKind?: ErrorKind;
  /** Machine-readable evidence: checker witness, measured rates, etc. */
  details?: Record<string, unknown>;
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
  run(ctx: RunContext, taskId: string, answer: unknown): Promise<Grade>;
}
