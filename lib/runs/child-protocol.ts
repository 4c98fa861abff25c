/** Messages between a worker and the child process that executes one run (IPC). */
import type { Grade, LabEvent } from "@/lib/labs/types";
import type { LogFields } from "@/lib/observability/log-context";

export interface ChildRunSpec {
  runId: string;
  labId: string;
  taskId: string;
  answer: unknown;
  seed: number;
  redisUrl: string;
  /** The lab's own Redis keys go under this. */
  redisPrefix: string;
  /** The labs database (no app data; the child never gets DATABASE_URL). */
  labDatabaseUrl: string;
  labsDir?: string;
  /** The run's private dir: the child points TMPDIR here so the worker can reap and remove it. */
  tmpDir: string;
  /** The ids the child's log lines carry (request, run, user, job, worker). */
  logFields?: LogFields;
}

export type ToChild = { type: "start"; spec: ChildRunSpec } | { type: "abort" };
/** `ready`: a spare has loaded the labs and waits for its run. */
export type FromChild = { type: "ready" } | { type: "event"; event: LabEvent } | { type: "grade"; grade: Grade };
