/**
 * The ids every log line of a run carries (request, run, user, job, worker), kept in
 * AsyncLocalStorage so code deep in the pipeline logs them without passing them around:
 * lib/log.ts adds the current fields to each line (pino `mixin`).
 */
import { AsyncLocalStorage } from "node:async_hooks";

export interface LogFields {
  requestId?: string;
  runId?: string;
  userId?: string | null;
  jobId?: string;
  workerId?: string;
}

const storage = new AsyncLocalStorage<LogFields>();

/** The fields of the current request or job (empty outside one). */
export function logFields(): LogFields {
  return storage.getStore() ?? {};
}

/** Runs `fn` with `fields` added to the current ones for every line it logs. */
export function withLogFields<T>(fields: LogFields, fn: () => T): T {
  return storage.run({ ...logFields(), ...fields }, fn);
}

/** Adds fields learnt along the way (the run id once the run is stored) to the current context. */
export function addLogFields(fields: LogFields): void {
  const store = storage.getStore();
  if (store) Object.assign(store, fields);
}

/** Runs `fn` with exactly `fields` (not merged with the current ones): output of another process. */
export function withOnlyLogFields<T>(fields: LogFields, fn: () => T): T {
  return storage.run({ ...fields }, fn);
}
