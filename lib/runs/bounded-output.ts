/**
 * The last cut before anything a run produced is stored or streamed. The sandbox already cuts
 * what student code returns (lib/sandbox/bounded-text.ts), but a lab may quote a student's
 * value in an op, a state event or a diagnosis in ways the sandbox never sees; cutting here,
 * at the two doors (events into the recorder, grades into lab_run), bounds every row, stream
 * entry and gradebook cell whatever the lab did.
 */
import type { Grade, GradeWitness, LabEvent } from "@/lib/labs/types";
import { boundJson, boundText, STUDENT_TEXT_LIMIT } from "@/lib/sandbox/bounded-text";

/** Largest event, as JSON, that is stored and streamed whole. */
export const EVENT_JSON_LIMIT = 16 * 1024;
/** Largest diagnosis or hint a grade keeps. */
export const GRADE_TEXT_LIMIT = 4 * 1024;
/** Largest `details` or `witness`, as JSON, a grade keeps. */
export const GRADE_JSON_LIMIT = 32 * 1024;

const jsonLength = (value: unknown) => JSON.stringify(value)?.length ?? 0;

/** A deep copy of a JSON value with every string cut to `limit` characters. */
export function cutStrings<T>(value: T, limit = STUDENT_TEXT_LIMIT): T {
  if (typeof value === "string") return boundText(value, limit) as T;
  if (Array.isArray(value)) return value.map((v) => cutStrings(v, limit)) as T;
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [boundText(k, 200), cutStrings(v, limit)])) as T;
  }
  return value;
}

/** `value` if its JSON fits in `limit`, else with strings cut, else a note saying what was dropped. */
function boundObject<T extends object>(value: T, limit: number, what: string): T | { cut: string } {
  const size = jsonLength(value);
  if (size <= limit) return value;
  const cut = cutStrings(value);
  if (jsonLength(cut) <= limit) return cut;
  return { cut: `${what} was ${Math.ceil(size / 1024)} KB, above the ${limit / 1024} KB limit, and was not kept.` };
}

/**
 * An event small enough to store and stream. An `op` keeps its place (the history's numbering
 * is the order of op events) with its value replaced by cut JSON text; any other kind keeps
 * its kind and time with the oversized part replaced by a note.
 */
export function boundEvent(event: LabEvent): LabEvent {
  if (jsonLength(event) <= EVENT_JSON_LIMIT) return event;
  const cut = cutStrings(event);
  if (jsonLength(cut) <= EVENT_JSON_LIMIT) return cut;
  switch (cut.kind) {
    case "op":
      return { ...cut, op: { ...cut.op, value: boundJson((event as typeof cut).op.value) } };
    case "fault":
    case "state":
      return { ...cut, detail: { cut: `The detail was above the ${EVENT_JSON_LIMIT / 1024} KB limit and was not kept.` } };
    case "metric":
      return { kind: "metric", t: cut.t, counters: {} };
    case "message":
      return { ...cut, body: { cut: `The message body was above the ${EVENT_JSON_LIMIT / 1024} KB limit and was not kept.` } };
    default:
      return cut;
  }
}

/** The event as it is stored and streamed, with its JSON: serialised once on the usual, small path. */
export function boundEventJson(event: LabEvent): { event: LabEvent; json: string } {
  const json = JSON.stringify(event);
  if (json.length <= EVENT_JSON_LIMIT) return { event, json };
  const bounded = boundEvent(event);
  return { event: bounded, json: JSON.stringify(bounded) };
}

/** A grade small enough to store: diagnosis and hint cut to a few KB, evidence bounded. */
export function boundGrade<G extends Pick<Grade, "diagnosis" | "hint" | "details" | "witness">>(grade: G): G {
  return {
    ...grade,
    diagnosis: boundText(grade.diagnosis, GRADE_TEXT_LIMIT),
    ...(grade.hint !== undefined ? { hint: boundText(grade.hint, GRADE_TEXT_LIMIT) } : {}),
    ...(grade.details ? { details: boundObject(grade.details, GRADE_JSON_LIMIT, "The evidence") } : {}),
    ...(grade.witness ? { witness: boundWitness(grade.witness) } : {}),
  };
}

/** The witness with strings cut; one still too large is dropped (the diagnosis still names it). */
function boundWitness(witness: GradeWitness): GradeWitness | undefined {
  if (jsonLength(witness) <= GRADE_JSON_LIMIT) return witness;
  const cut = cutStrings(witness);
  return jsonLength(cut) <= GRADE_JSON_LIMIT ? cut : undefined;
}
