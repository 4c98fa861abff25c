import { NextResponse } from "next/server";
import { answeringOutages } from "@/lib/http/outage";
import { viewerFrom } from "@/lib/auth/viewer";
import { maxActiveRunsFromEnv } from "@/lib/runs/active-runs";
import { RunRequestError } from "@/lib/runs/errors";
import { loadManifest } from "@/lib/catalogue";
import { submitRateFromEnv } from "@/lib/runs/rate-limit";
import { runServices } from "@/lib/runs/services";
import { MAX_ANSWER_BYTES, submitRun } from "@/lib/runs/submit";
import { BodyTooLarge, readTextLimited } from "@/lib/security/body";
import { log } from "@/lib/log";
import { addLogFields } from "@/lib/observability/log-context";
import { withRequestId } from "@/lib/observability/request-context";
import { timedRoute } from "@/lib/observability/route-metrics";

export const dynamic = "force-dynamic";

/** Bodies larger than this are refused before they are read (the answer cap plus room for the rest). */
const MAX_BODY_BYTES = MAX_ANSWER_BYTES + 4096;

function problem(status: number, message: string) {
  return NextResponse.json({ error: message }, { status });
}

/**
 * POST /api/runs {labId, taskId, answer} → 201 {id, status}. The server picks the seed; a
 * body with `seed` is refused (400), see lib/runs/submit.ts. Every answer names its request id
 * (`x-request-id`), which the run's log lines and job carry on to the worker.
 */
export const POST = timedRoute("/api/runs", withRequestId(answeringOutages(async function post(request: Request) {
  // Reading is open to everyone; running a lab needs an account (runs and grades are kept).
  const viewer = await viewerFrom(request.headers);
  if (!viewer) return problem(401, "Sign in to run labs: your runs and grades are kept in your account. /sign-in");
  addLogFields({ userId: viewer.id });
  log.info("run request received");
  let text: string;
  try {
    text = await readTextLimited(request, MAX_BODY_BYTES);
  } catch (err) {
    if (err instanceof BodyTooLarge) return problem(413, `The request is larger than ${MAX_BODY_BYTES} bytes; the answer may be at most ${MAX_ANSWER_BYTES} bytes.`);
    throw err;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return problem(400, 'The body must be JSON like {"labId": "token-bucket", "taskId": "...", "answer": {...}}.');
  }
  const services = runServices();
  try {
    const run = await submitRun(raw, {
      db: services.db,
      queue: services.queue,
      manifest: await loadManifest(),
      userId: viewer.id,
      rateLimit: { redis: services.redis, prefix: services.prefix, limits: submitRateFromEnv() },
      maxActiveRuns: maxActiveRunsFromEnv(),
    });
    log.info({ runId: run.id }, "run request answered");
    return NextResponse.json({ id: run.id, status: run.status }, { status: 201, headers: { location: `/api/runs/${run.id}` } });
  } catch (err) {
    if (err instanceof RunRequestError) {
      log.info({ status: err.status, reason: err.message }, "run request refused");
      return problem(err.status, err.message);
    }
    throw err;
  }
})));
