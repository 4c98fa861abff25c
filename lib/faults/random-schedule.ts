import { mulberry32, pick, randInt, type Rng } from "./rng";
import { getFaultKind, type FaultKindName } from "./fault-kinds";
import type { FaultEntry, FaultSchedule } from "./schedule";

export interface RandomScheduleOptions {
  seed: number;
  windowMs: number;
  targets: readonly string[];
  /** Default: partition, crash, pause, latency. */
  faults?: readonly FaultKindName[];
  /** Default 3. */
  count?: number;
  /** Durations of lasting faults; defaults 10% and 40% of the window. */
  minDurationMs?: number;
  maxDurationMs?: number;
}

/** Plausible settings for each fault (kept inside the schema's bounds). */
function randomParams(fault: FaultKindName, rng: Rng): Record<string, unknown> | undefined {
  switch (fault) {
    case "partition":
    case "blackhole":
      return { direction: pick(rng, ["both", "inbound", "outbound"] as const) };
    case "latency": {
      const latencyMs = randInt(rng, 20, 300);
      return { latencyMs, jitterMs: randInt(rng, 0, Math.floor(latencyMs / 2)) };
    }
    case "slow-close":
      return { delayMs: randInt(rng, 50, 1_000) };
    case "clock-skew":
      return { offsetMs: pick(rng, [-1, 1]) * randInt(rng, 100, 5_000) };
    case "drop-response":
      return { probability: Math.round(rng() * 100) / 100 };
    case "http-errors":
      return { rate: Math.round(rng() * 50) / 100 };
    case "http-latency":
      return { distribution: { kind: "exponential", meanMs: randInt(rng, 20, 200) } };
    case "http-slow":
      return { delayMs: randInt(rng, 500, 3_000) };
    default:
      return undefined;
  }
}

/** A seeded random schedule: the same options and seed always give the same schedule. */
export function randomFaultSchedule(options: RandomScheduleOptions): FaultSchedule {
  const {
    seed,
    windowMs,
    targets,
    faults = ["partition", "crash", "pause", "latency"],
    count = 3,
  } = options;
  if (targets.length === 0) throw new Error("randomFaultSchedule: give at least one target name");
  if (faults.length === 0) throw new Error("randomFaultSchedule: give at least one fault kind");
  if (!(windowMs >= 2))
    throw new Error(`randomFaultSchedule: windowMs must be at least 2, got ${windowMs}`);
  const minD = Math.max(
    1,
    Math.min(options.minDurationMs ?? Math.floor(windowMs * 0.1), windowMs - 1),
  );
  const maxD = Math.max(
    minD,
    Math.min(options.maxDurationMs ?? Math.floor(windowMs * 0.4), windowMs - 1),
  );
  const rng = mulberry32(seed);
  const entries: FaultEntry[] = [];
  for (let i = 0; i < count; i++) {
    const fault = pick(rng, faults);
    const target = pick(rng, targets);
    const instant = getFaultKind(fault).instant;
    const duration = instant ? undefined : randInt(rng, minD, maxD);
    const at = randInt(rng, 0, windowMs - 1 - (duration ?? 0));
    const params = randomParams(fault, rng);
    entries.push({
      at,
      fault,
      target: fault === "heal" ? "*" : target,
      ...(duration !== undefined ? { duration } : {}),
      ...(params ? { params } : {}),
    });
  }
  return entries.sort((a, b) => a.at - b.at);
}
