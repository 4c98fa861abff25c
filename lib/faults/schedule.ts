/**
 * Fault schedules are data: a JSON list of `{ at, fault, target, duration?, params? }`,
 * validated here with per-fault settings and bounds, and run by `runFaultSchedule`.
 *
 *   [{ "at": 1000, "fault": "partition", "target": "n2", "duration": 1500, "params": { "direction": "both" } },
 *    { "at": 1200, "fault": "crash", "target": "n3" }]
 *
 * `at` and `duration` are ms from the start of the workload window. A lasting fault without
 * a duration lasts until the schedule heals (the end of the window).
 */
import { z } from "zod";
import {
  faultKinds,
  faultKindNames,
  getFaultKind,
  type FaultKindName,
  type FaultTargets,
} from "./fault-kinds";

export {
  runFaultSchedule,
  type RunScheduleOptions,
  type FaultRunReport,
} from "./run-fault-schedule";
export { randomFaultSchedule, type RandomScheduleOptions } from "./random-schedule";

export interface FaultEntry {
  /** ms from the start of the workload window. */
  at: number;
  fault: FaultKindName;
  /** A name from the targets map ("*" for heal: every target). */
  target: string;
  /** ms; omitted: until the schedule heals. Instant faults take none. */
  duration?: number;
  params?: Record<string, unknown>;
}

export type FaultSchedule = FaultEntry[];

export interface ScheduleBounds {
  /** Length of the workload window: faults start in it, and stop by its end. */
  windowMs: number;
  /** Known target names, or the targets themselves (then each fault's needs are checked too). */
  targets?: readonly string[] | FaultTargets;
  /** Faults this lab allows (default: all). */
  allowedFaults?: readonly FaultKindName[];
  /** Most entries accepted; default 50. */
  maxEntries?: number;
}

const entryBase = {
  at: z.number().int().min(0),
  target: z.string().min(1),
  duration: z.number().int().min(1).optional(),
};

/** With `b`, bounds show in the JSON Schema too (a form can offer only valid targets). */
function entrySchema(name: FaultKindName, b?: ResolvedBounds) {
  const params = getFaultKind(name).params;
  // Settings may be left out only when every setting is optional.
  const paramsField = params.safeParse({}).success ? params.optional() : params;
  const targetNames = b?.names ? [...b.names, ...(name === "heal" ? ["*"] : [])] : [];
  return z.strictObject({
    ...entryBase,
    ...(b ? { at: entryBase.at.max(Math.max(0, b.windowMs - 1)), duration: entryBase.duration.unwrap().max(b.windowMs).optional() } : {}),
    ...(targetNames.length > 0 ? { target: z.enum(targetNames as [string, ...string[]]) } : {}),
    fault: z.literal(name),
    params: paramsField,
  });
}

interface ResolvedBounds {
  windowMs: number;
  allowed: readonly FaultKindName[];
  names: readonly string[] | null;
  targetObjects: FaultTargets | null;
  maxEntries: number;
}

function resolveBounds(bounds: ScheduleBounds): ResolvedBounds {
  const t = bounds.targets;
  return {
    windowMs: bounds.windowMs,
    allowed: bounds.allowedFaults ?? faultKindNames,
    names: t === undefined ? null : Array.isArray(t) ? (t as readonly string[]) : Object.keys(t),
    targetObjects: t !== undefined && !Array.isArray(t) ? (t as FaultTargets) : null,
    maxEntries: bounds.maxEntries ?? 50,
  };
}

type IssueSink = (path: (string | number)[], message: string) => void;

/**
 * Checks that need the whole picture (window, targets, lab rules). Runs on whatever fields
 * have the right type, so a student sees every problem at once, not one per attempt.
 */
function checkEntryBounds(raw: unknown, b: ResolvedBounds, issue: IssueSink): void {
  if (!raw || typeof raw !== "object") return;
  const e = raw as Record<string, unknown>;
  const fault = typeof e.fault === "string" && (faultKindNames as readonly string[]).includes(e.fault) ? (e.fault as FaultKindName) : null;
  const at = typeof e.at === "number" ? e.at : null;
  const duration = typeof e.duration === "number" ? e.duration : null;
  const kind = fault ? getFaultKind(fault) : null;
  if (fault && !b.allowed.includes(fault)) issue(["fault"], `"${fault}" is not allowed in this lab; use one of: ${b.allowed.join(", ")}`);
  if (at !== null && at >= b.windowMs) issue(["at"], `must be before the end of the workload window (${b.windowMs} ms)`);
  if (kind?.instant && e.duration !== undefined) issue(["duration"], `"${fault}" happens at once: remove duration`);
  else if (at !== null && duration !== null && at < b.windowMs && at + duration > b.windowMs) {
    issue(["duration"], `the fault would stop at ${at + duration} ms, after the workload window ends (${b.windowMs} ms); at most ${Math.max(1, b.windowMs - at)}`);
  }
  if (b.names === null || typeof e.target !== "string") return;
  if (e.target === "*" && fault === "heal") return;
  if (!b.names.includes(e.target)) {
    issue(["target"], `no target named "${e.target}"; known targets: ${b.names.join(", ")}`);
    return;
  }
  const target = b.targetObjects?.[e.target];
  const missing = target && kind ? kind.needs.filter((need) => target[need] === undefined) : [];
  if (missing.length > 0) issue(["target"], `"${e.target}" cannot take a ${fault} fault (it has no ${missing.join(" or ")})`);
}

function entryUnion(b?: ResolvedBounds) {
  const names = b ? b.allowed : faultKindNames;
  const variants = names.map((name) => entrySchema(name, b)) as unknown as [ReturnType<typeof entrySchema>, ...ReturnType<typeof entrySchema>[]];
  return z.discriminatedUnion("fault", variants);
}

/** The zod schema of a schedule within `bounds` (its JSON Schema can drive a form). */
export function faultScheduleSchema(bounds: ScheduleBounds) {
  const b = resolveBounds(bounds);
  return z
    .array(entryUnion(b))
    .max(b.maxEntries)
    .superRefine((entries, ctx) => {
      entries.forEach((e, i) => checkEntryBounds(e, b, (path, message) => ctx.addIssue({ code: "custom", path: [i, ...path], message })));
    });
}

function describeEntry(input: unknown, index: number): string {
  const e = Array.isArray(input)
    ? (input[index] as Record<string, unknown> | undefined)
    : undefined;
  if (!e || typeof e !== "object") return `Fault #${index + 1}`;
  const parts = [
    typeof e.fault === "string" ? e.fault : "fault",
    typeof e.target === "string" ? `on ${e.target}` : "",
    typeof e.at === "number" ? `at ${e.at} ms` : "",
  ];
  return `Fault #${index + 1} (${parts.filter(Boolean).join(" ")})`;
}

/** Turns zod's issues into sentences a student can act on: which entry, which field, what to do. */
function plainMessage(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case "too_small":
      return issue.origin === "array"
        ? `needs at least ${String(issue.minimum)} entries`
        : `must be at least ${String(issue.minimum)}`;
    case "too_big":
      return issue.origin === "array"
        ? `has too many entries (at most ${String(issue.maximum)})`
        : `must be at most ${String(issue.maximum)}`;
    case "invalid_type":
      return issue.input === undefined
        ? `is required (${issue.expected})`
        : `must be ${issue.expected === "int" ? "a whole number" : `a ${issue.expected}`}, got ${JSON.stringify(issue.input)}`;
    case "unrecognized_keys":
      return `has unknown setting${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `"${k}"`).join(", ")}`;
    case "invalid_union":
      return `is not a known fault; use one of: ${faultKindNames.join(", ")}`;
    case "invalid_value":
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
    default:
      return issue.message;
  }
}

export function formatScheduleIssues(
  input: unknown,
  issues: readonly z.core.$ZodIssue[],
): string[] {
  return issues.map((issue) => {
    const [first, ...rest] = issue.path;
    if (typeof first !== "number")
      return `The schedule ${plainMessage(issue)}${issue.code === "invalid_type" ? " (a list of faults)" : ""}.`;
    const field = rest.length > 0 ? rest.join(".") : "entry";
    return `${describeEntry(input, first)}, ${field}: ${plainMessage(issue)}.`;
  });
}

export type ParseScheduleResult =
  { ok: true; schedule: FaultSchedule } | { ok: false; errors: string[] };

/** Validates a schedule (an array, or its JSON text). Errors name the entry and the field. */
export function parseFaultSchedule(input: unknown, bounds: ScheduleBounds): ParseScheduleResult {
  let value = input;
  if (typeof input === "string") {
    try {
      value = JSON.parse(input);
    } catch (err) {
      return { ok: false, errors: [`The schedule is not valid JSON: ${(err as Error).message}.`] };
    }
  }
  const b = resolveBounds(bounds);
  if (!Array.isArray(value)) return { ok: false, errors: ["The schedule must be a list of faults (a JSON array), e.g. []."] };
  if (value.length > b.maxEntries) return { ok: false, errors: [`The schedule has ${value.length} faults; at most ${b.maxEntries} are allowed.`] };
  const union = entryUnion();
  const issues: z.core.$ZodIssue[] = [];
  const schedule: FaultEntry[] = [];
  value.forEach((raw, i) => {
    const parsed = union.safeParse(raw, { reportInput: true });
    if (parsed.success) schedule.push(parsed.data as FaultEntry);
    else issues.push(...parsed.error.issues.map((issue) => ({ ...issue, path: [i, ...issue.path] })));
    checkEntryBounds(raw, b, (path, message) => issues.push({ code: "custom", path: [i, ...path], message, input: raw }));
  });
  if (issues.length === 0) return { ok: true, schedule };
  // Entry by entry, in the order the student wrote them.
  issues.sort((x, y) => (x.path[0] as number) - (y.path[0] as number));
  return { ok: false, errors: formatScheduleIssues(value, issues) };
}

/** Like parseFaultSchedule, but throws one error listing every problem. */
export function assertFaultSchedule(input: unknown, bounds: ScheduleBounds): FaultSchedule {
  const result = parseFaultSchedule(input, bounds);
  if (!result.ok) throw new Error(`Invalid fault schedule:\n- ${result.errors.join("\n- ")}`);
  return result.schedule;
}

export { faultKinds, faultKindNames };
