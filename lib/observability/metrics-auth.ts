/**
 * /metrics is for Prometheus, not people: when FAULTLINE_METRICS_TOKEN is set a scrape must
 * send `Authorization: Bearer <token>` (compared in constant time). Unset, the endpoint is
 * open — fine on a private network, and docs/OPERATIONS.md says to set it anywhere else.
 */
import { createHash, timingSafeEqual } from "node:crypto";

const digest = (s: string) => createHash("sha256").update(s).digest();

export function metricsTokenRefusal(authorization: string | null, token = process.env.FAULTLINE_METRICS_TOKEN): string | null {
  if (!token) return null;
  const match = /^Bearer\s+(.+)$/i.exec(authorization ?? "");
  if (!match) return "This endpoint needs `Authorization: Bearer <FAULTLINE_METRICS_TOKEN>` (see docs/OPERATIONS.md for a scrape config).";
  return timingSafeEqual(digest(match[1]!.trim()), digest(token)) ? null : "Wrong metrics token: use the value of FAULTLINE_METRICS_TOKEN.";
}
