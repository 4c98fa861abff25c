/**
 * Synchronous student code over asynchronous host operations, by deterministic replay. The
 * sandbox runs no promise jobs, so a student function cannot await a database. Instead it
 * gets host objects (e.g. `db`) defined INSIDE the sandbox by source appended after the
 * student's (their line numbers do not move): each method call looks up the i-th answer the
 * host has recorded; when there is none it throws a private marker carrying the operation.
 * The host catches that, runs the operation for real (SQL on the request's own connection),
 * appends the answer and calls the function again from the start with the answers so far,
 * until it returns. A replayed call must ask for the same operations in the same order. A
 * student's try/catch may swallow the marker: the driver still knows it paused, discards
 * that return, and on the replay the call answers (or throws the host's own error).
 *
 *   const box = await createSandbox(code + replayDriverSource(spec), { exports: [..., REPLAY_EXPORT] });
 *   const { value, steps } = await runReplayed(box, spec, [request], (op, args) => db[op](...args));
 */
import { SandboxCodeError } from "./errors";
import type { Sandbox } from "./sandbox";

export const REPLAY_EXPORT = "__faultlineReplay";

export interface ReplaySpec {
  /** The student's function, e.g. "handleCharge". */
  entry: string;
  /** The host object passed after the call's arguments, and its methods (each one host operation). */
  host: { name: string; methods: string[] };
  /** Most operations one call may ask for (a loop of db calls ends here). Default 40. */
  maxSteps?: number;
  /** Largest JSON of one operation's arguments. Default 16 KB. */
  maxArgChars?: number;
}

/** One host operation as it ran: what was asked and what it answered (or the error it threw into the sandbox). */
export interface ReplayStep {
  op: string;
  args: unknown[];
  result?: unknown;
  error?: string;
}

/**
 * An operation's failure the student's code should see, thrown at their call (e.g. "commit()
 * without begin()"). Told apart by a mark, not instanceof: the host operations and the driver
 * may live in separately bundled modules, each with its own copy of this class.
 */
export class HostOpError extends Error {
  readonly hostOp = true;
}

export const isHostOpError = (err: unknown): err is HostOpError => (err as { hostOp?: unknown } | null)?.hostOp === true;

/** Source appended after the student's module: the host object and the exported driver. */
export function replayDriverSource(spec: ReplaySpec): string {
  const methods = spec.host.methods.map((m) => `${JSON.stringify(m)}: (...a) => ask(${JSON.stringify(m)}, a)`).join(", ");
  // The driver is JS that esbuild's TS loader accepts; it runs after the student's top level.
  return `
;export function ${REPLAY_EXPORT}(args: any[], answers: any[]): any {
  const asked: any[] = [];
  const SUSPEND = {};
  let suspended = false;
  const ask = (op: string, a: any[]) => {
    if (suspended) throw SUSPEND;
    const i = asked.length;
    asked.push([op, a]);
    if (i >= answers.length) {
      suspended = true;
      throw SUSPEND;
    }
    const answer = answers[i];
    // Another operation than last time: stop here, before the student's code meets an answer meant for another question.
    if (!answer || answer.o !== op) {
      suspended = true;
      throw SUSPEND;
    }
    if (answer.e !== undefined) throw new Error(answer.e);
    return answer ? answer.r : undefined;
  };
  const host = { ${methods} };
  let value;
  try {
    value = ${spec.entry}(...args, host);
  } catch (e) {
    if (e === SUSPEND) return { asked, suspended: true };
    throw e;
  }
  // Suspended even if the student's catch swallowed the marker: their return value is not final.
  return suspended ? { asked, suspended: true } : { asked, value: value === undefined ? null : value };
}
`;
}

type DriverReply = { asked: [string, unknown[]][]; suspended?: true; value?: unknown };

const json = (v: unknown) => JSON.stringify(v) ?? "undefined";

function studentError(message: string, hint: string): SandboxCodeError {
  return new SandboxCodeError("runtime", message, undefined, hint);
}

/**
 * Calls `spec.entry(...args, host)` until it returns, running each operation it asks for with
 * `execute` (in order, one at a time). Student mistakes are SandboxCodeErrors (a fail grade);
 * sandbox limits stay SandboxLimitErrors; anything else `execute` throws propagates.
 */
export async function runReplayed(
  box: Sandbox,
  spec: ReplaySpec,
  args: unknown[],
  execute: (op: string, args: unknown[]) => Promise<unknown>,
): Promise<{ value: unknown; steps: ReplayStep[] }> {
  const maxSteps = spec.maxSteps ?? 40;
  const maxArgChars = spec.maxArgChars ?? 16 * 1024;
  const { entry, host } = spec;
  const steps: ReplayStep[] = [];
  for (;;) {
    let reply: DriverReply;
    try {
      reply = box.call(REPLAY_EXPORT, args, steps.map((s) => (s.error !== undefined ? { o: s.op, e: s.error } : { o: s.op, r: s.result ?? null }))) as DriverReply;
    } catch (err) {
      if (err instanceof SandboxCodeError && err.stage === "result")
        throw studentError(`${entry}() and its ${host.name} calls came to more JSON than the sandbox hands back (${err.message})`, `Keep what you pass to ${host.name} and return small: a status and a short body.`);
      throw err;
    }
    const asked = Array.isArray(reply?.asked) ? reply.asked : [];
    // The same operations, in the same order, as last time: otherwise the recorded answers belong to other questions.
    for (let i = 0; i < Math.min(asked.length, steps.length); i++) {
      const [op, a] = asked[i]!;
      if (op !== steps[i]!.op || json(a) !== json(steps[i]!.args))
        throw studentError(
          `${entry} must depend only on the request and the ${host.name}'s answers: replayed, its operation ${i + 1} was ${host.name}.${op}(${json(a).slice(1, -1)}) where it had been ${host.name}.${steps[i]!.op}(${json(steps[i]!.args).slice(1, -1)}).`,
          `Each time ${host.name} answers, ${entry} runs again from the start with the answers so far: no Math.random(), Date.now() or variables kept between calls may change which ${host.name} calls it makes.`,
        );
    }
    if (!reply.suspended) {
      if (asked.length !== steps.length)
        throw studentError(`${entry} must depend only on the request and the ${host.name}'s answers: replayed, it returned after ${asked.length} ${host.name} calls where it had made ${steps.length}.`, `No Math.random(), Date.now() or state kept between calls may decide which ${host.name} calls ${entry} makes.`);
      return { value: reply.value, steps };
    }
    if (asked.length !== steps.length + 1)
      throw studentError(`${entry} must depend only on the request and the ${host.name}'s answers: replayed, it stopped at ${host.name} call ${asked.length} where it had made ${steps.length}.`, `No Math.random(), Date.now() or state kept between calls may decide which ${host.name} calls ${entry} makes.`);
    const [op, opArgs] = asked[asked.length - 1]!;
    if (!host.methods.includes(op)) throw new Error(`replay: unknown operation ${op}`);
    if (steps.length >= maxSteps)
      throw studentError(`${entry} asked ${host.name} for more than ${maxSteps} operations in one request.`, `A request needs a handful of ${host.name} calls; look for a loop that keeps calling ${host.name}.`);
    const argText = json(opArgs);
    if (argText.length > maxArgChars)
      throw studentError(`${host.name}.${op}() was given ${argText.length} characters of JSON; the limit is ${maxArgChars}.`, "Store and pass only what the response needs.");
    try {
      steps.push({ op, args: opArgs, result: (await execute(op, opArgs)) ?? null });
    } catch (err) {
      if (!isHostOpError(err)) throw err;
      steps.push({ op, args: opArgs, error: err.message });
    }
  }
}
