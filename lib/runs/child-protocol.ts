/** Messages between a worker and the child process that executes one run (IPC). */
import type { Grade, LabEvent } from "@/lib/labs/types";

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
}

export type ToChild = { type: "start"; spec: ChildRunSpec } | { type: "abort" };
export type FromChild = { type: "event"; event: LabEvent } | { type: "grade"; grade: Grade };
