/**
 * A request that fails because Postgres or Redis is down (restarting, unreachable) gets a 503
 * that says so and what to do — not a 500 "something went wrong", and never a 401 that sends a
 * signed-in student to the sign-in page. Nothing a student submitted is lost in an outage:
 * runs and grades are written with retries (lib/runs/retry.ts) and repaired by reconcile.
 */
import { NextResponse } from "next/server";

export type Outage = "database" | "redis";

/** Prisma's "cannot reach / timed out / connection closed / pool exhausted" codes. */
const PRISMA_OUTAGE_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024"]);
const DATABASE_TEXT = /Can't reach database server|Connection terminated|terminating connection due to administrator command|the database system is (shutting down|starting up|in recovery mode)|Timed out fetching a new connection|Server has closed the connection/i;
const REDIS_TEXT = /Connection is closed|Stream isn't writeable|max retries per request|ECONNREFUSED 127\.0\.0\.1:6379/i;

/** Which service an error says is down, looking through its `cause` chain; null if neither. */
export function outageOf(error: unknown): Outage | null {
  for (let e = error, depth = 0; e && typeof e === "object" && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const { name = "", code = "", message = "" } = e as { name?: string; code?: string; message?: string };
    if (name === "PrismaClientInitializationError" || PRISMA_OUTAGE_CODES.has(String(code))) return "database";
    if (name.startsWith("Prisma") || name === "DriverAdapterError") {
      if (DATABASE_TEXT.test(message) || /ECONNREFUSED|ECONNRESET/.test(message)) return "database";
    }
    if (name === "MaxRetriesPerRequestError" || REDIS_TEXT.test(message)) return "redis";
    if (DATABASE_TEXT.test(message)) return "database";
  }
  return null;
}

export const OUTAGE_MESSAGE: Record<Outage, string> = {
  database:
    "Faultline's database is not answering right now (it may be restarting). Nothing you submitted is lost: try again in a few seconds.",
  redis:
    "Faultline's run queue is not answering right now (it may be restarting). Nothing you submitted is lost: try again in a few seconds.",
};

export function outageResponse(outage: Outage): NextResponse {
  return NextResponse.json({ error: OUTAGE_MESSAGE[outage], outage }, { status: 503, headers: { "retry-after": "5" } });
}

/** Wraps a route handler: an outage becomes the 503 above; any other error is rethrown. */
export function answeringOutages<A extends unknown[]>(handler: (...args: A) => Promise<Response>) {
  return async (...args: A): Promise<Response> => {
    try {
      return await handler(...args);
    } catch (error) {
      const outage = outageOf(error);
      if (outage) return outageResponse(outage);
      throw error;
    }
  };
}
