/** Structured JSON logs (pino). Secrets never reach a log line: see `redact`. */
import pino from "pino";

export const log = pino({
  level: process.env.LOG_LEVEL ?? "info",
  base: { service: process.env.FAULTLINE_SERVICE ?? "faultline" },
  redact: {
    paths: ["password", "*.password", "*.*.password", "headers.cookie", "*.headers.cookie", "token", "*.token"],
    censor: "[redacted]",
  },
});
