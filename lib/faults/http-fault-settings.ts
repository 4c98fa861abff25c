/**
 * The HTTP fault proxy's fault kinds and their settings (zod, with bounds): shared by the
 * proxy (./http-faults.ts), which switches them on and off, and the fault schedule
 * (./fault-kinds.ts), which validates a lab's JSON.
 */
import { z } from "zod";
import { latencyDistributionSchema } from "./http-latency";

const rate = z.number().min(0).max(1);

export const httpFaultSettings = {
  /** A share of requests answered 500/502/503/504 by the proxy: before the server sees them (default) or after it answered. */
  "http-errors": z.strictObject({
    rate,
    status: z.union([z.literal(500), z.literal(502), z.literal(503), z.literal(504)]).optional(),
    reachServer: z.boolean().optional(),
  }),
  /** Added latency before the request is forwarded, drawn per request. */
  "http-latency": z.strictObject({ distribution: latencyDistributionSchema }),
  /** Every request fails: the connection is refused (default), or the proxy answers 503. */
  "http-outage": z.strictObject({ mode: z.enum(["refuse", "503"]).optional() }),
  /** The server answers, then the answer is held `delayMs` (past a client's timeout) for a share of requests. */
  "http-slow": z.strictObject({ delayMs: z.number().int().min(1).max(60_000), rate: rate.optional() }),
  /** The server commits, then the proxy drops the response (./http-drop-response.ts). */
  "drop-response": z.strictObject({ probability: rate }),
};

export type HttpFaultKind = keyof typeof httpFaultSettings;
export const httpFaultKinds = Object.keys(httpFaultSettings) as HttpFaultKind[];

export type HttpFault = { [K in HttpFaultKind]: { kind: K } & z.infer<(typeof httpFaultSettings)[K]> }[HttpFaultKind];
export type HttpFaultOf<K extends HttpFaultKind> = Extract<HttpFault, { kind: K }>;

/** Validates a fault (kind and settings); throws an error naming what is wrong. */
export function parseHttpFault(input: unknown): HttpFault {
  const kind = (input as { kind?: unknown } | null)?.kind;
  if (typeof kind !== "string" || !(kind in httpFaultSettings))
    throw new Error(`http fault: kind must be one of ${httpFaultKinds.join(", ")}, got ${JSON.stringify(kind)}`);
  const { kind: _kind, ...settings } = input as Record<string, unknown>;
  const parsed = httpFaultSettings[kind as HttpFaultKind].safeParse(settings);
  if (!parsed.success) throw new Error(`http fault ${kind}: ${parsed.error.issues.map((i) => `${i.path.join(".") || "settings"}: ${i.message}`).join("; ")}`);
  return { kind, ...parsed.data } as HttpFault;
}
