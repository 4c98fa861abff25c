/**
 * Structured JSON logs (pino): one line per event. Inside a request or a job every line also
 * carries its ids (requestId, runId, userId, jobId, workerId: lib/observability/log-context.ts),
 * so `grep <runId>` over the web's and the workers' output tells a run's whole story.
 * Secrets and answers never reach a log line: see `redact`.
 */
import pino from "pino";
import { logFields } from "@/lib/observability/log-context";

/** Keys whose values are replaced wherever they appear at the top level or one level down. */
const SECRET_KEYS = ["password", "token", "secret", "authorization", "cookie", "answer", "redisUrl", "labDatabaseUrl", "databaseUrl"];

export const log = pino(
  {
    level: process.env.LOG_LEVEL ?? "info",
    base: { service: process.env.FAULTLINE_SERVICE ?? "faultline" },
    mixin: () => ({ ...logFields() }),
    redact: {
      paths: [...SECRET_KEYS.flatMap((k) => [k, `*.${k}`]), "*.*.password", "headers.cookie", "*.headers.cookie"],
      censor: "[redacted]",
    },
  },
  // Through process.stdout (synchronous for files and pipes on Linux), so a test can read it.
  process.stdout,
);
