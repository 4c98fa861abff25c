/** What every circuit-breaker run shares: the breaker's config shape, the client's deadline, the call it makes. */
import type { HttpCall } from "@/lib/labs/http-attempt";

export type Mode = "closed" | "open" | "half-open";
export const MODES: readonly Mode[] = ["closed", "open", "half-open"];

export interface BreakerConfig {
  /** Outcomes the rolling window must hold before the error rate counts. */
  minimumVolume: number;
  /** Open when at least this share of the window's outcomes failed. */
  errorThresholdPercent: number;
  /** Outcomes older than this (by when they finished) leave the window. */
  rollingWindowMs: number;
  /** How long the breaker stays open before it lets one probe through. */
  sleepWindowMs: number;
  /** A probe that has not answered after this long has failed. */
  probeTimeoutMs: number;
}

/** The client's own deadline per HTTP call: long, so a breaker that waits for a hung probe waits long. */
export const CLIENT_TIMEOUT_MS = 1_500;
/** What every call asks the service: a read of one SKU's stock. */
export const CALL: HttpCall = { method: "GET", path: "/inventory/widget" };
/** The subject of the breaker's `state` events. */
export const BREAKER = "breaker";
